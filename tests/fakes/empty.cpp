// Keeps harness_fakes a valid library while it has no other source.
