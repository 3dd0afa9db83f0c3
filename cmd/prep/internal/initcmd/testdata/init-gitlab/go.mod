module example.com/me/practice

go 1.22
