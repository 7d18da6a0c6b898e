module libh11/bench/peers/go

go 1.21
