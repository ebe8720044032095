#!/usr/bin/env python3
"""Writes assets/languages/languages.tsv: the ISO 639 languages Kaartenbak knows, with Dutch and English names.

Sources (see docs/languages.md):
- codes: ISO 639-3 as shipped by Debian's iso-codes package (/usr/share/iso-codes/json/iso_639-3.json),
  which gives each language its ISO 639-1 code where one exists;
- names: Unicode CLDR via Babel (`pip install babel`), Dutch (`nl`) and English (`en`) display names;
  where CLDR has no Dutch name, the Dutch translation of iso-codes (iso_639-3.mo), if it has one.

Only languages with a Dutch name from one of these sources are listed. Run: python3 make-table.py > languages.tsv
"""
import gettext
import json

import babel
from babel import Locale

iso = json.load(open("/usr/share/iso-codes/json/iso_639-3.json"))["639-3"]
catalog = gettext.GNUTranslations(open("/usr/share/locale/nl/LC_MESSAGES/iso_639-3.mo", "rb"))
nl = Locale("nl").languages
en = Locale("en").languages

# ISO 639-3 languages that CLDR names only as a regional variety of another (Dari as Persian of
# Afghanistan, `fa_AF`): the variety's name is theirs.
REGIONAL = {"prs": "fa_AF"}

rows = {}
for entry in iso:
    alpha3 = entry["alpha_3"]
    code = entry.get("alpha_2", alpha3)
    dutch = nl.get(code) or nl.get(alpha3) or nl.get(REGIONAL.get(code, ""))
    english = en.get(code) or en.get(alpha3) or en.get(REGIONAL.get(code, "")) or entry["name"]
    if not dutch and entry["name"] in catalog._catalog:
        dutch = catalog._catalog[entry["name"]]
    if not dutch:
        continue
    rows[code] = (code, alpha3, dutch, english)

print(f"# ISO 639 languages with Dutch and English names; made by make-table.py from iso-codes "
      f"(ISO 639-3 codes) and Unicode CLDR via Babel {babel.__version__} (names). See docs/languages.md.")
print("# code\talpha3\tnl\ten")
for code in sorted(rows):
    print("\t".join(rows[code]))
