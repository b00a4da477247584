PROGRAMS := Client Server Late
Client-srcs := client.c
Server-srcs := server.c
Late-srcs := late.c
IDL_EDLS := mg/Server.edl
