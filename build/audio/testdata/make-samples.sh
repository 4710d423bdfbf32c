#!/bin/sh
# Regenerates the computer-voiced sample recordings of the listening area:
# for every LISTEN_DIR/0*.md it speaks the page's body text (the transcript)
# in Mandarin and writes the MP3 named by the page's "audio:" front matter
# beside it. Editors replace these samples with real recordings.
#
# Usage: sh build/audio/testdata/make-samples.sh content/listen
# Needs espeak-ng and lame (Debian packages of those names); soxi, if it can
# read MP3 (Debian: sox libsox-fmt-mp3), is used to print each duration.
set -eu
dir=${1:?usage: make-samples.sh LISTEN_DIR}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for md in "$dir"/0*.md; do
	# "audio: NAME.mp3" from the front matter (between the first two "---").
	name=$(awk '/^---[[:space:]]*$/ { n++; next }
		n == 1 && /^audio:/ { sub(/^audio:[[:space:]]*/, ""); gsub(/["'\''[:space:]]/, ""); print; exit }' "$md")
	if [ -z "$name" ]; then
		echo "$md: no audio: in front matter, skipped" >&2
		continue
	fi
	# The body after the front matter, paragraphs joined into one line.
	awk '/^---[[:space:]]*$/ && n < 2 { n++; next }
		n >= 2 && NF { printf "%s%s", sep, $0; sep = " " }
		END { print "" }' "$md" >"$tmp/text.txt"

	# The "cmn-latn-pinyin" voice, not plain "cmn": espeak-ng 1.51 (Debian 12)
	# turns each character into tone-numbered pinyin and, under "cmn", then
	# reads that pinyin as English ("hao three"). Both voices are Mandarin;
	# they differ only in how Latin letters are read, and these texts have none.
	espeak-ng -v cmn-latn-pinyin -s 150 -f "$tmp/text.txt" -w "$tmp/speech.wav"
	lame --quiet -m m -b 32 --resample 22.05 "$tmp/speech.wav" "$dir/$name"

	duration=$(soxi -D "$dir/$name" 2>/dev/null || echo "?")
	echo "$dir/$name: $(wc -c <"$dir/$name") bytes, ${duration}s"
done
