PROGRAMS := Ticker WildWrite Undef BadCall Restarter KeyReader DebugProbe
Ticker-srcs := ticker.c
WildWrite-srcs := wild_write.c
Undef-srcs := undef.c
BadCall-srcs := bad_call.c
Restarter-srcs := restarter.c
KeyReader-srcs := key_reader.c
DebugProbe-srcs := debug_probe.c
