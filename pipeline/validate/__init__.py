"""Stage 3, normalized -> checked: the curated files, the catalogue of checks (one id, one function, one finding
kind), the contracts and expectations declared from the dictionary, and the gate that stops a build."""
