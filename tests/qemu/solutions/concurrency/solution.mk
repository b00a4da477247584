PROGRAMS := Hog Beat
Hog-srcs := hog.c
Beat-srcs := beat.c
