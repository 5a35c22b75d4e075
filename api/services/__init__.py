"""Services: the rules and queries behind the routes. Functions take the session first, options by keyword."""
