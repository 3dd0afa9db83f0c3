package challenges

import "testing"

func TestDefaultLoads(t *testing.T) {
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.All()) == 0 {
		t.Fatal("no challenges")
	}
	c, err := s.Lookup("lru")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%+v", c)
}
