// Package scan does in tests what a resident's phone does with a code on the
// wall: it reads the QR code in an image with a real decoder (gozxing, a port
// of ZXing, which many phone apps use) and opens the address it holds over
// HTTP, following redirects and the forwarding pages the build writes for
// hosts without redirect rules. Only tests use it.
package scan

import (
	"bytes"
	"fmt"
	"image"
	_ "image/png" // codes are PNGs
	"io"
	"net/http"
	"net/url"
	"os"
	"regexp"

	"github.com/makiuchi-d/gozxing"
	gozxingqr "github.com/makiuchi-d/gozxing/qrcode"
)

// Code is what a decoder read from an image.
type Code struct {
	Text   string
	Level  string                // error-correction level: "L", "M", "Q" or "H"
	Points []gozxing.ResultPoint // finder pattern centres: bottom-left, top-left, top-right
}

// Image reads the one QR code in img, trying hard as a phone does.
func Image(img image.Image) (*Code, error) {
	bmp, err := gozxing.NewBinaryBitmapFromImage(img)
	if err != nil {
		return nil, err
	}
	res, err := gozxingqr.NewQRCodeReader().Decode(bmp, map[gozxing.DecodeHintType]any{gozxing.DecodeHintType_TRY_HARDER: true})
	if err != nil {
		return nil, fmt.Errorf("no QR code found: %w", err)
	}
	level, _ := res.GetResultMetadata()[gozxing.ResultMetadataType_ERROR_CORRECTION_LEVEL].(string)
	return &Code{Text: res.GetText(), Level: level, Points: res.GetResultPoints()}, nil
}

// PNG reads the QR code in an encoded image.
func PNG(data []byte) (*Code, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	return Image(img)
}

// File reads the QR code in an image file.
func File(name string) (*Code, error) {
	data, err := os.ReadFile(name)
	if err != nil {
		return nil, err
	}
	c, err := PNG(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return c, nil
}

var refreshRE = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)

// Follow gets addr as a browser with scripts off would: HTTP redirects, then
// forwarding pages' meta refresh, at most five of them. It returns the final
// page and its address.
func Follow(addr string) (page string, final *url.URL, err error) {
	for range 5 {
		resp, err := http.Get(addr)
		if err != nil {
			return "", nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return "", nil, err
		}
		if resp.StatusCode != http.StatusOK {
			return "", nil, fmt.Errorf("GET %s: %s", addr, resp.Status)
		}
		m := refreshRE.FindSubmatch(body)
		if m == nil {
			return string(body), resp.Request.URL, nil
		}
		next, err := resp.Request.URL.Parse(string(m[1]))
		if err != nil {
			return "", nil, err
		}
		addr = next.String()
	}
	return "", nil, fmt.Errorf("more than five forwards, the last to %s", addr)
}
