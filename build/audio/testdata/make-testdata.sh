#!/bin/sh
# Regenerates the small MP3 fixtures used by audio_test.go, and prints the
# sample counts the test table records. Needs espeak-ng, lame and sox with
# MP3 support (Debian: espeak-ng lame sox libsox-fmt-mp3).
# Usage: sh make-testdata.sh [DIR]   (DIR defaults to this script's folder)
set -eu
dir=${1:-$(dirname "$0")}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

espeak-ng -v cmn-latn-pinyin -s 150 -w "$tmp/speech.wav" "你好，欢迎。"
sox "$tmp/speech.wav" -c 2 "$tmp/stereo.wav"

# MPEG-2 22.05 kHz mono CBR, as the site samples are (too small a frame
# for LAME to write an Info header).
lame --quiet -m m -b 32 "$tmp/speech.wav" "$dir/mpeg2-22k-cbr32-mono.mp3"
# MPEG-2 16 kHz mono VBR: starts with a Xing header frame.
lame --quiet -m m -V 7 --resample 16 "$tmp/speech.wav" "$dir/mpeg2-16k-vbr-mono.mp3"
# MPEG-1 32 kHz joint stereo CBR: starts with LAME's "Info" header frame.
lame --quiet -m j -b 48 --resample 32 "$tmp/stereo.wav" "$dir/mpeg1-32k-cbr48-stereo.mp3"
# MPEG-2.5 8 kHz mono CBR.
lame --quiet -m m -b 16 --resample 8 "$tmp/speech.wav" "$dir/mpeg25-8k-cbr16-mono.mp3"

echo "source wav: $(soxi -r "$tmp/speech.wav") Hz, $(soxi -s "$tmp/speech.wav") samples"
for f in "$dir"/*.mp3; do
	sox "$f" "$tmp/sox.wav"
	lame --quiet --decode "$f" "$tmp/lame.wav"
	echo "$(basename "$f"): $(soxi -r "$f") Hz, $(stat -c %s "$f") bytes, sox decodes $(soxi -s "$tmp/sox.wav") samples, lame --decode $(soxi -s "$tmp/lame.wav") samples"
done
