package badges

import (
	"fmt"
	"hash/fnv"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// MediaSVG is the media type of badge images, and ImageCSP the policy they are served with:
// an SVG opened on its own is a document, so it may run nothing and load nothing.
const (
	MediaSVG = "image/svg+xml"
	ImageCSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
)

// ImageData is what a badge image shows: the achievement's title, its issuer and its kind.
type ImageData struct {
	Title           string
	IssuerName      string
	AchievementType string
}

// ImageFromCredential reads an image's data from a decoded credential.
func ImageFromCredential(cred map[string]any) ImageData {
	v := ViewFromVerification(&Verification{Credential: cred})
	return ImageData{Title: v.Title, IssuerName: v.IssuerName, AchievementType: v.AchievementType}
}

// typeColours gives each kind of achievement its colour, so that a micro-credential, a block
// and a certification are told apart at a glance.
var typeColours = map[string]string{
	AchievementTypeMicroCredential: "#1f4fb8",
	AchievementTypeCertificate:     "#0b6b2f",
	AchievementTypeCertification:   "#6b2fa0",
}

// RenderSVG writes a badge image: a medal in the colour of the achievement's kind, ringed in a
// colour drawn from the issuer's name, with the kind, the title (wrapped, at most four lines)
// and the issuer. Every text is XML-escaped; the image loads and runs nothing.
func RenderSVG(w io.Writer, d ImageData, lang i18n.Lang) error {
	fill, ok := typeColours[d.AchievementType]
	if !ok {
		fill = "#4a5568"
	}
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="400" viewBox="0 0 400 400" role="img" aria-label="%s">`, xmlText(d.Title))
	fmt.Fprintf(&b, `<title>%s</title>`, xmlText(d.Title))
	fmt.Fprintf(&b, `<circle cx="200" cy="200" r="192" fill="%s"/>`, issuerColour(d.IssuerName))
	fmt.Fprintf(&b, `<circle cx="200" cy="200" r="176" fill="%s"/>`, fill)
	b.WriteString(`<circle cx="200" cy="200" r="164" fill="none" stroke="#ffffff" stroke-opacity="0.5" stroke-width="2"/>`)
	b.WriteString(`<g font-family="system-ui,-apple-system,'Segoe UI',Roboto,sans-serif" fill="#ffffff" text-anchor="middle">`)
	fmt.Fprintf(&b, `<text x="200" y="110" font-size="17" letter-spacing="2">%s</text>`, xmlText(strings.ToUpper(typeLabel(d.AchievementType, lang))))
	lines := wrap(d.Title, 20, 4)
	y := 200 - (len(lines)-1)*16
	for _, line := range lines {
		fmt.Fprintf(&b, `<text x="200" y="%d" font-size="28" font-weight="700">%s</text>`, y, xmlText(line))
		y += 34
	}
	if d.IssuerName != "" {
		issuer := wrap(d.IssuerName, 30, 1)
		fmt.Fprintf(&b, `<text x="200" y="318" font-size="16">%s</text>`, xmlText(issuer[0]))
	}
	b.WriteString(`</g></svg>` + "\n")
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("render badge image: %w", graph.Internal(err))
	}
	return nil
}

// xmlText escapes s for XML text and attribute values, dropping characters XML cannot carry.
func xmlText(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '&':
			b.WriteString("&amp;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&apos;")
		case r == '\t' || r == '\n' || r == '\r':
			b.WriteByte(' ')
		case r < 0x20 || r == 0xFFFE || r == 0xFFFF || r == utf8.RuneError || (r >= 0xD800 && r <= 0xDFFF):
			// not allowed in XML 1.0
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// wrap splits s into at most max lines of about width characters, breaking at spaces, and
// ends the last line with an ellipsis when s does not fit.
func wrap(s string, width, max int) []string {
	var lines []string
	line := ""
	words := strings.Fields(s)
	for _, w := range words {
		if utf8.RuneCountInString(w) > width {
			w = string([]rune(w)[:width-1]) + "…"
		}
		switch {
		case line == "":
			line = w
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) <= width:
			line += " " + w
		default:
			lines = append(lines, line)
			line = w
		}
		if len(lines) == max {
			last := lines[max-1]
			if utf8.RuneCountInString(last) >= width {
				last = string([]rune(last)[:width-1])
			}
			lines[max-1] = last + "…"
			return lines
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	if len(lines) == 0 {
		lines = []string{""}
	}
	return lines
}

// issuerColour draws a dark, saturated colour from the issuer's name: the same issuer always
// rings its badges in the same colour.
func issuerColour(name string) string {
	h := fnv.New32a()
	h.Write([]byte(name))
	hue := float64(h.Sum32() % 360)
	r, g, bl := hslToRGB(hue, 0.55, 0.32)
	return fmt.Sprintf("#%02x%02x%02x", r, g, bl)
}

// hslToRGB converts a colour from HSL (hue in degrees, s and l in [0,1]) to 8-bit RGB.
func hslToRGB(h, s, l float64) (uint8, uint8, uint8) {
	c := (1 - abs(2*l-1)) * s
	hp := h / 60
	x := c * (1 - abs(mod2(hp)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	return uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// mod2 is x modulo 2 for x >= 0.
func mod2(x float64) float64 { return x - 2*float64(int(x/2)) }
