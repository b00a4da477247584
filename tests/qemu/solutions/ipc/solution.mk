PROGRAMS := Client Server Gone Intruder Late
Client-srcs := client.c
Server-srcs := server.c
Gone-srcs := gone.c
Intruder-srcs := intruder.c
Late-srcs := late.c
IDL_EDLS := ipct/Server.edl ipct/Gone.edl
