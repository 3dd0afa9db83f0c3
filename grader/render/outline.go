package render

// Outline says where a graded folder's solution is, so that the annotation of a failing test
// whose message names no line of it can still point at the code it concerns: a wrong answer
// from c.Get(1) at the declaration of Get, or at least at the solution's file.
type Outline struct {
	// Files are the solution's files, relative to the graded folder, in the order to prefer
	// them; the first stands for the whole solution.
	Files []string
	// Funcs maps the names of the solution's functions and methods to where they are
	// declared; a method goes by its bare name, as the hidden tests' messages call it.
	Funcs map[string]Position
}

// Position is a line of a solution's file, named relative to the graded folder.
type Position struct {
	File string
	Line int
}
