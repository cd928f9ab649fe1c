"""Training machinery shared by the lessons: the process-wide training turn (`queue`) and the
loop that runs many epochs per compiled call and reports progress between calls (`loop`)."""
