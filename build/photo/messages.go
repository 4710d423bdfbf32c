package photo

import (
	"errors"

	"github.com/zhaojiaxiang/site/build/diag"
)

// The kinds of bad photo, for errors.Is. The error a caller gets carries a
// message for the editor; these name only the kind.
var (
	ErrNotPhoto      = errors.New("not a photo")
	ErrHEIC          = errors.New("HEIC photo")
	ErrTooLarge      = errors.New("file too large")
	ErrTooManyPixels = errors.New("too many pixels")
	ErrDamaged       = errors.New("damaged photo")
)

// The limits checked before a photo is decoded, so one odd file cannot take
// the build's memory. A 12-megapixel phone photo is 3 to 8 MB.
const (
	MaxBytes  = 40 << 20
	MaxPixels = 60_000_000
)

// Messages for editors. Every string an editor may read is here, so they can
// move into a translation catalogue together. The engine puts "path:line: "
// in front.
const (
	msgNotPhoto = "not a photo: the site takes photos saved as JPEG (.jpg) or PNG (.png)"
	msgHEIC     = "this is an iPhone HEIC photo, which the site cannot read: send it again as JPEG, " +
		"or make the iPhone save JPEG from now on (设置 › 相机 › 格式 › 兼容性最佳) and take it again"
	msgTooLarge      = "the file is %.1f MB; the site takes photos up to %d MB: save it smaller and add it again"
	msgTooManyPixels = "the photo is %d×%d pixels (%.0f megapixels); the site takes up to %d megapixels: save it smaller and add it again"
	msgDamaged       = "the photo is damaged or cut short: copy it from the phone again"

	// MsgNarrow is the warning for a photo narrower than the smallest
	// width, which the build gives with its width and that width.
	MsgNarrow = "the photo is only %d pixels wide, less than the %d a phone needs: it is shown at that size and may look blurred; use a larger photo if there is one"
)

// Error is a bad photo: Error() is the message for the editor, errors.Is
// matches one of the kinds above.
type Error struct {
	Kind error
	msg  *diag.Message
}

func (e *Error) Error() string        { return e.msg.Error() }
func (e *Error) Is(target error) bool { return target == e.Kind }

// Unwrap is the message, so that it is shown in the editor's language.
func (e *Error) Unwrap() error { return e.msg }

func bad(kind error, msg *diag.Message) *Error { return &Error{Kind: kind, msg: msg} }
