module github.com/wiretrace/wiretrace/bench

go 1.26.8

require github.com/wiretrace/wiretrace v0.0.0

require (
	github.com/cespare/xxhash/v2 v2.3.0 // indirect
	github.com/clipperhouse/uax29/v2 v2.7.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)

replace github.com/wiretrace/wiretrace => ../
