package render

import (
	"io"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/util"
)

// Images draws the images of one document that the site makes itself, such
// as the photos of a page's bundle (package photo), and leaves the others
// (files of static/, other sites) to goldmark's plain <img>.
//
// An Images belongs to one rendering of one document: it may remember what
// it has drawn (the first photo of a page loads at once, the rest lazily),
// so it needs no locking even when many pages are rendered at once.
type Images interface {
	// Image writes the markup for the image whose destination is dest, as
	// written in Markdown, with its alt text, and reports whether it did.
	// false draws the plain <img>.
	Image(w io.Writer, dest, alt string) (bool, error)
}

// imagesAttr is the document attribute RenderImages keeps the Images of one
// rendering under: goldmark renders through one renderer shared by every
// goroutine, and the document tree is the one thing that is each call's own.
var imagesAttr = []byte("site-images")

// RenderImages renders doc like Render, drawing its images through img
// (nil draws every image plainly).
func (m *Markdown) RenderImages(w io.Writer, src []byte, doc ast.Node, img Images) error {
	if img != nil {
		doc.SetAttribute(imagesAttr, img)
		defer doc.SetAttribute(imagesAttr, nil)
	}
	return m.Render(w, src, doc)
}

// imageHook is the renderer of ast.Image: it asks the document's Images
// first, and otherwise draws what goldmark's HTML renderer draws.
type imageHook struct {
	plain renderer.NodeRendererFunc
}

func (imageHook) Extend(m goldmark.Markdown) {
	// A lower number registers later and wins over goldmark's own (1000).
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(newImageHook(), 100)))
}

func newImageHook() imageHook {
	var c capture
	html.NewRenderer().RegisterFuncs(&c)
	return imageHook{plain: c.image}
}

// capture keeps goldmark's own function for images.
type capture struct{ image renderer.NodeRendererFunc }

func (c *capture) Register(k ast.NodeKind, f renderer.NodeRendererFunc) {
	if k == ast.KindImage {
		c.image = f
	}
}

func (h imageHook) RegisterFuncs(r renderer.NodeRendererFuncRegisterer) {
	r.Register(ast.KindImage, func(w util.BufWriter, src []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			if img := imagesOf(n); img != nil {
				ok, err := img.Image(w, string(n.(*ast.Image).Destination), AltText(n, src))
				if err != nil {
					return ast.WalkStop, err
				}
				if ok {
					return ast.WalkSkipChildren, nil
				}
			}
		}
		return h.plain(w, src, n, entering)
	})
}

// imagesOf finds the Images given to the rendering of n's document.
func imagesOf(n ast.Node) Images {
	for ; n.Parent() != nil; n = n.Parent() {
	}
	v, ok := n.AttributeString(string(imagesAttr))
	if !ok {
		return nil
	}
	img, _ := v.(Images)
	return img
}

// AltText is the text of an image as written between "![" and "]",
// without its Markdown: the alt text a reader who cannot see it gets.
func AltText(n ast.Node, src []byte) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch t := c.(type) {
			case *ast.Text:
				b.Write(t.Value(src))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			case *ast.String:
				b.Write(t.Value)
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}
