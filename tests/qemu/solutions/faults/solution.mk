PROGRAMS := Ticker WildWrite Undef BadCall Restarter
Ticker-srcs := ticker.c
WildWrite-srcs := wild_write.c
Undef-srcs := undef.c
BadCall-srcs := bad_call.c
Restarter-srcs := restarter.c
