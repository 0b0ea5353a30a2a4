#!/bin/sh
# Checks the test documents against schemas/domain.rng with xmllint, so
# that the schema is tested on its own, apart from the parser:
#   tests/data/domain/*.xml          (golden inputs and their canonical
#                                     outputs) must validate;
#   tests/data/reject/*-invalid.xml  must fail validation.
# Rejection documents without the -invalid suffix are wrong for a reason
# the schema cannot express (or are not well-formed XML at all); the
# parser catches those, see reject-domain.sh.
. "$TOP/tests/lib.sh"

SCHEMA=$TOP/schemas/domain.rng

if ! command -v xmllint > /dev/null; then
	skip schema "xmllint is not installed (package libxml2-utils)"
	exit 0
fi

# xmllint exits 0 when the document validates and 3 when it is
# well-formed but invalid; anything else (5: the schema does not
# compile, 1: the document is not well-formed) is a broken test.
for f in "$DATA"/domain/*.xml; do
	n=schema:domain/$(basename "$f")
	if xmllint --noout --relaxng "$SCHEMA" "$f" > "$T/out" 2>&1; then
		pass "$n"
	else
		fail "$n" "does not validate: $(grep -v 'fails to validate' \
			"$T/out" | head -n 3 | tr '\n' '|')"
	fi
done

for f in "$DATA"/reject/*-invalid.xml; do
	n=schema:reject/$(basename "$f")
	xmllint --noout --relaxng "$SCHEMA" "$f" > "$T/out" 2>&1
	case $? in
	3) pass "$n" ;;
	0) fail "$n" "validates, but the schema must reject it" ;;
	*) fail "$n" "xmllint failed: $(head -n 2 "$T/out" | tr '\n' '|')" ;;
	esac
done
