module example.com/depsclean

go 1.25.0

require golang.org/x/text v0.40.0
