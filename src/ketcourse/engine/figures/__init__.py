"""Figure house style (:mod:`.style`) and display objects with caption and alt text (:mod:`.output`)."""
