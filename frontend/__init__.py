"""The browser interface's static files. A package only so that an installed Parry carries them."""
