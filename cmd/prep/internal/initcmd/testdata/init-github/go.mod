module practice

go 1.22
