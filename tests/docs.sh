#!/bin/sh
# The project's design notes (docs/*.md) name only what exists:
#   docs:path:FILE       every backquoted repository path in FILE exists
#                        (an UPPERCASE placeholder, as in `cmd/NAME.c`,
#                        must match at least one file)
#   docs:name:FILE       every backquoted vk_*/VK_* name occurs in the code
#   docs:section:REF     every citation `docs/X.md, "Section"` in the
#                        sources or docs names a heading of that file
#   docs:no-DESIGN.md    no source file cites DESIGN.md (not in the
#                        repository)
#   docs:layer          every layer common/L has a row in the table of
#                        docs/design.md, "Layers", and includes (#include
#                        lines) only the layers its row allows
#   docs:selftest:*      the checks fail on a made-up path, name, section
#                        and DESIGN.md citation
#   docs:readme          README.md mentions docs/
. "$TOP/tests/lib.sh"

cd "$TOP" || exit 1
DIRS="common cmd libexec tests tools Makefile schemas completion bench"

# spans FILE: the backquoted spans of FILE, one a line (spans may cross
# line breaks).
spans() {
	tr '\n' ' ' < "$1" | grep -o '`[^`]*`' | tr -d '`'
}

# check_paths FILE: prints each missing path; returns the count found.
check_paths() {
	_miss=0 _n=0
	set -f	# a path may be a pattern (`cmd/*.c`): glob it below only
	for p in $(spans "$1" | grep -E '^(common|cmd|libexec|tests|tools|schemas|man|completion|bench|contrib|docs|fuzz)/[^ ]*$|^(Makefile|README\.md)$' | sort -u); do
		_n=$((_n + 1))
		[ -e "$p" ] && continue
		# placeholders: NAME, TYPE, X ... stand for any part of a name
		_g=$(printf '%s' "$p" | sed 's/[A-Z][A-Z_]*/*/g')
		set +f
		# shellcheck disable=SC2086
		set -- $_g
		set -f
		[ -e "$1" ] && continue
		echo "$p"
		_miss=$((_miss + 1))
	done
	set +f
	echo "checked $_n" >&2
	return $_miss
}

# check_names FILE: prints each vk_*/VK_* name of FILE absent from the code.
check_names() {
	_miss=0
	[ -s "$T/words" ] || cat common/*/*.[ch] cmd/*.c libexec/*.c \
		tests/unit/*.[ch] tests/tools/*.c 2>/dev/null |
		grep -oE '(vk|VK)_[A-Za-z0-9_]+' | sort -u > "$T/words"
	for w in $(spans "$1" | sed 's/^struct //' | grep -E '^(vk|VK)_[A-Za-z0-9_]+$' | sort -u); do
		grep -qx -- "$w" "$T/words" && continue
		echo "$w"
		_miss=$((_miss + 1))
	done
	return $_miss
}

# check_sections DIR...: prints each citation docs/X.md, "S" under DIR
# whose file has no heading S.
check_sections() {
	_miss=0
	grep -rhoE --exclude=docs.sh 'docs/[a-z]+\.md`?,? "[^"]+"' "$@" 2>/dev/null |
		tr -d '`' | sort -u > "$T/refs"
	while IFS= read -r r; do
		f=${r%%,*}
		f=${f%% *}
		s=${r#*\"}
		s=${s%\"}
		grep -qxE "#+ $s" "$f" 2>/dev/null && continue
		echo "$r"
		_miss=$((_miss + 1))
	done < "$T/refs"
	return $_miss
}

# check_design DIR...: files that cite DESIGN.md.
check_design() {
	grep -rl 'DESIGN\.md' "$@" 2>/dev/null | grep -v '^tests/docs\.sh$'
	return 0
}

# layers_doc DOC L: the layers DOC's table row for common/L/ allows (its
# last column), one a line.
layers_doc() {
	grep "^| \`common/$2/\` |" "$1" | awk -F'|' '{ print $(NF - 1) }' |
		grep -oE '[a-z]+' | grep -xE "$LAYERS" | sort -u
}

# layers_code DIR L: the other layers DIR/common/L's files include.
layers_code() {
	cat "$1"/common/"$2"/*.[ch] 2>/dev/null |
		sed -n 's|^#include "\(\.\./\)*\([a-z_]*\)/.*|\2|p' |
		grep -vx "$2" | sort -u
}

# check_layers DOC DIR: prints "L includes X" for each include of a layer
# that DOC's row for L does not allow (or a layer DOC has no row for),
# and the includes found in $T/layers.
check_layers() {
	_miss=0
	: > "$T/layers"
	for l in $(echo "$LAYERS" | tr '|' ' '); do
		layers_doc "$1" "$l" > "$T/allowed"
		_c=$(layers_code "$2" "$l")
		echo "$l>$(echo $_c | tr ' ' ,)" >> "$T/layers"
		grep -q "^| \`common/$l/\` |" "$1" || {
			echo "$l has no row"
			_miss=$((_miss + 1))
			continue
		}
		for x in $_c; do
			grep -qx "$x" "$T/allowed" && continue
			echo "$l includes $x"
			_miss=$((_miss + 1))
		done
	done
	return $_miss
}

ls docs/*.md > /dev/null 2>&1 || { fail docs "no docs/*.md"; exit 0; }
for f in docs/*.md; do
	if miss=$(check_paths "$f" 2> "$T/count"); then
		n=$(sed 's/checked //' "$T/count")
		if [ "$n" -ge 10 ]; then
			pass "docs:path:$f ($n paths)"
		else
			fail "docs:path:$f" "only $n paths found: the extraction is broken"
		fi
	else
		fail "docs:path:$f" "missing: $(echo $miss)"
	fi
	if miss=$(check_names "$f"); then
		pass "docs:name:$f"
	else
		fail "docs:name:$f" "not in the code: $(echo $miss)"
	fi
	lines=$(wc -l < "$f")
	if [ "$lines" -le 450 ]; then
		pass "docs:size:$f ($lines lines)"
	else
		fail "docs:size:$f" "$lines lines: keep it concise"
	fi
done

# shellcheck disable=SC2086
if miss=$(check_sections $DIRS docs); then
	n=$(wc -l < "$T/refs")
	if [ "$n" -ge 1 ]; then
		pass "docs:section ($n citations)"
	else
		fail docs:section "no header cites docs/*.md"
	fi
else
	fail docs:section "no such heading: $(echo $miss)"
fi

# shellcheck disable=SC2086
bad=$(check_design $DIRS)
if [ -z "$bad" ]; then
	pass docs:no-DESIGN.md
else
	fail docs:no-DESIGN.md "cited in $(echo $bad)"
fi

if grep -q 'docs/' README.md; then
	pass docs:readme
else
	fail docs:readme "README.md does not mention docs/"
fi

LAYERS=$(ls -d common/*/ | sed 's|common/||; s|/$||' | paste -sd'|')
if [ -z "$LAYERS" ]; then
	fail docs:layer "no layer under common/"
elif miss=$(check_layers docs/design.md .); then
	pass "docs:layer ($(paste -sd' ' "$T/layers"))"
else
	fail docs:layer "not allowed by docs/design.md, \"Layers\": $(echo $miss)"
fi

# The checks themselves can fail.
mkdir -p "$T/self/docs"
cat > "$T/self/docs/x.md" <<'EOF'
# Title
## Real
`common/util/error.h` `common/util/NAME.h` `common/util/no_such_file.c`
`cmd/NOPE-*.zz` `vk_error` `vk_no_such_function`
EOF
printf '/* see docs/x.md, "Real" and docs/x.md, "Unreal" */\n' > "$T/self/a.c"
printf '/* see DESIGN.md */\n' > "$T/self/b.c"
miss=$(check_paths "$T/self/docs/x.md" 2> /dev/null)
[ "$(echo $miss)" = "cmd/NOPE-*.zz common/util/no_such_file.c" ] &&
	pass docs:selftest:path || fail docs:selftest:path "found: $(echo $miss)"
miss=$(check_names "$T/self/docs/x.md")
[ "$miss" = vk_no_such_function ] &&
	pass docs:selftest:name || fail docs:selftest:name "found: $miss"
miss=$(cd "$T/self" && T=$T check_sections a.c)
[ "$miss" = 'docs/x.md, "Unreal"' ] &&
	pass docs:selftest:section || fail docs:selftest:section "found: $miss"
miss=$(check_design "$T/self")
[ "$miss" = "$T/self/b.c" ] &&
	pass docs:selftest:DESIGN.md || fail docs:selftest:DESIGN.md "found: $miss"
mkdir -p "$T/self/common/util" "$T/self/common/conf"
printf '#include "util/x.h"\n' > "$T/self/common/conf/a.c"
printf '#include "../conf/x.h"\n' > "$T/self/common/util/a.c"
printf '| `common/conf/` | x | util |\n| `common/util/` | x | none |\n' \
	> "$T/self/docs/layers.md"
miss=$(LAYERS='conf|util' check_layers "$T/self/docs/layers.md" "$T/self")
[ "$miss" = "util includes conf" ] &&
	pass docs:selftest:layer || fail docs:selftest:layer "found: $miss"
