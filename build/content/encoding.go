package content

import (
	"bytes"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/zhaojiaxiang/site/build/diag"
)

// Messages about a file's encoding, kept together for the catalogue.
const (
	msgSavedAs    = "this file is saved as %s; save it as UTF-8"
	msgNotUTF8    = "this file is not UTF-8 text; save it as UTF-8"
	hintSaveUTF8  = "记事本: 文件 → 另存为 → 编码选 UTF-8 → 保存; WPS: 另存为, 编码选 UTF-8; VS Code: click the encoding at the bottom right → 通过编码保存 (Save with Encoding) → UTF-8"
	msgTOML       = "front matter must be YAML between --- lines"
	hintTOML      = `replace the "+++" lines by "---" and write each setting as "key: value", such as "title: 图书馆"`
	encodingProbe = 4096 // bytes looked at for UTF-16 without a byte order mark
)

// checkEncoding reports a file that is not UTF-8, as older Chinese
// Windows editors save text: GBK (or GB18030, which contains it) and
// UTF-16, the "Unicode" of Notepad. Nothing is transcoded: a file the
// build reads one way and the editor's next tool another is worse than
// an error, and the fix, saving as UTF-8, takes a moment. A UTF-8 byte
// order mark is fine; normalize drops it.
func checkEncoding(path string, src []byte) *diag.Diagnostic {
	name := ""
	switch {
	case bytes.HasPrefix(src, []byte("\xff\xfe")) || bytes.HasPrefix(src, []byte("\xfe\xff")) || utf16NULs(src):
		name = "UTF-16"
	case validUTF8(src):
		return nil
	case isGB18030(src):
		name = "GBK"
	}
	d := diag.Newf(path, 0, msgNotUTF8)
	if name != "" {
		d = diag.Newf(path, 0, msgSavedAs, name)
	}
	d.Hint = hintSaveUTF8
	return &d
}

// utf16NULs reports whether the start of src is UTF-16 without a byte
// order mark: a text file has no NUL bytes of its own, while in UTF-16
// every ASCII character (the "---", the keys, the line ends) has one;
// read as UTF-16 in that order, the bytes are text without control
// characters. (Chinese characters such as 开, U+5F00, have NULs too, on
// the other side, so the count alone does not tell the order.)
func utf16NULs(src []byte) bool {
	head := src[:min(len(src), encodingProbe)&^1]
	if bytes.IndexByte(head, 0) < 0 {
		return false // every file saved as UTF-8: one quick look
	}
	var nuls [2]int
	for i, b := range head {
		if b == 0 {
			nuls[i%2]++
		}
	}
	if n := nuls[0] + nuls[1]; n == 0 || n < min(4, len(head)/2) {
		return false
	}
	for _, le := range []bool{true, false} {
		if text16(head, le) {
			return true
		}
	}
	return false
}

// text16 reports whether b read as UTF-16 (little-endian if le) is text:
// no control characters but tabs and line ends, no broken surrogate
// pairs except one cut off at the end of b.
func text16(b []byte, le bool) bool {
	units := make([]uint16, len(b)/2)
	for i := range units {
		if le {
			units[i] = uint16(b[2*i]) | uint16(b[2*i+1])<<8
		} else {
			units[i] = uint16(b[2*i])<<8 | uint16(b[2*i+1])
		}
	}
	rs := utf16.Decode(units)
	for i, r := range rs {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
		case r < 0x20 || r == 0x7f:
			return false
		case r == utf8.RuneError && i < len(rs)-1:
			return false
		}
	}
	return true
}

// isGB18030 reports whether src, not UTF-8, reads as GB18030 (and so as
// GBK, its subset) without a byte that does not belong there.
func isGB18030(src []byte) bool {
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(src)
	return err == nil && !bytes.ContainsRune(out, utf8.RuneError)
}

// frontMatterTOML reports whether the first non-blank line of src is
// "+++", which opens TOML front matter in Hugo; this site reads YAML.
func frontMatterTOML(src []byte) bool {
	for len(src) > 0 {
		l := src
		if i := bytes.IndexByte(src, '\n'); i >= 0 {
			l, src = src[:i], src[i+1:]
		} else {
			src = nil
		}
		if t := bytes.TrimSpace(l); len(t) > 0 {
			return string(t) == "+++"
		}
	}
	return false
}

// validUTF8 is utf8.Valid, about twice as fast on Chinese text, which is
// read here for every page of every build. Characters U+1000–U+CFFF and
// U+E000–U+FFFF are three bytes, a lead byte E1–EC or EE–EF and two bytes
// 80–BF, with no other rule: those are checked here at once. Everything
// else (E0 and ED have narrower second bytes) is left to utf8.DecodeRune.
func validUTF8(b []byte) bool {
	for i, n := 0, len(b); i < n; {
		c := b[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		if (0xe1 <= c && c <= 0xec || c == 0xee || c == 0xef) && i+2 < n && b[i+1]&0xc0 == 0x80 && b[i+2]&0xc0 == 0x80 {
			i += 3
			continue
		}
		r, size := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && size == 1 {
			return false
		}
		i += size
	}
	return true
}
