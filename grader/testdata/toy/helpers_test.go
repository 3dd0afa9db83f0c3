package toy

import "fmt"

func kitCall(call string, result int) string { return fmt.Sprintf("%s = %d", call, result) }
