PROGRAMS := Client Server
Client-srcs := client.c
Server-srcs := server.c
Client-cflags := -I$(srctree)/tests/bench/solutions/switch
IDL_EDLS := bench/Server.edl
