module example.com/vulnerable

go 1.22
