package toy
