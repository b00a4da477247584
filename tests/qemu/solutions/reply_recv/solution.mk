PROGRAMS := Client Server
Client-srcs := client.c
Server-srcs := server.c
IDL_EDLS := rr/Server.edl
