"""From a real table to 3D: 1,000 series of 3,125 steps, the framings people try, and a classifier."""
