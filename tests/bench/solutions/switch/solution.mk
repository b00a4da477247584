PROGRAMS := Bench Peer
Bench-srcs := bench.c
Peer-srcs := peer.c
