PROGRAMS := Asker Plain
Asker-srcs := asker.c
Plain-srcs := plain.c
IDL_EDLS := secq/Asker.edl secq/Plain.edl
