"""Quote plain YAML scalars in quiz banks that contain ': ' or ' #' (helper for bank authors).

Usage: python scripts/quote_yaml_values.py src/ketcourse/quizzes/*.yaml
"""

import re
import sys

FIELD = re.compile(r"^(\s*(?:- )?(?:text|feedback|prompt|explanation|title): )(.*)$")

for path in sys.argv[1:]:
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().split("\n")
    for i, line in enumerate(lines):
        m = FIELD.match(line)
        if not m:
            continue
        head, value = m.groups()
        if value[:1] in "\"'|>" or not (": " in value or " #" in value):
            continue
        lines[i] = head + '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines))
