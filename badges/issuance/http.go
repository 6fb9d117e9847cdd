package issuance

import (
	"encoding/json"
	"log/slog"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// Media types of what the public routes serve.
const (
	mediaJWKS = "application/jwk-set+json"
	mediaVC   = "application/vc+jwt" // a VC secured as a JWT (VC-JOSE-COSE)
)

// RouteOption configures the public routes.
type RouteOption func(*routeConfig)

type routeConfig struct {
	privateCatalogue bool
}

// PrivateCatalogue hides an organisation's credentials and blocks from its public page when
// private is true (the catalogue is then for signed-in callers only); the page keeps the
// profile its badges already carry.
func PrivateCatalogue(private bool) RouteOption {
	return func(c *routeConfig) { c.privateCatalogue = private }
}

// Routes are the public routes of badges: anyone may fetch a badge, its page and image, the
// page of its issuer and the keys that verify it, without an account. Each maps a ServeMux
// pattern to its handler. Pages speak the language of ?lang= or Accept-Language.
func (s *Service) Routes(logger *slog.Logger, opts ...RouteOption) map[string]http.Handler {
	if logger == nil {
		logger = slog.Default()
	}
	var cfg routeConfig
	for _, o := range opts {
		o(&cfg)
	}
	fail := func(w http.ResponseWriter, r *http.Request, err error) {
		status, msg := http.StatusInternalServerError, "internal error"
		switch graph.ErrorCode(err) {
		case graph.ENOTFOUND:
			status, msg = http.StatusNotFound, "not found"
		case graph.EUNAVAILABLE:
			status, msg = http.StatusServiceUnavailable, "unavailable; try again shortly"
			w.Header().Set("Retry-After", "1")
		default:
			logger.ErrorContext(r.Context(), "badge route failed", "path", r.URL.Path, "err", err)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		json.NewEncoder(w).Encode(map[string]string{"error": msg})
	}
	achievement := func(r *http.Request) (*graph.Achievement, error) {
		n, err := s.store.Get(r.Context(), graph.KindAchievement, r.PathValue("id"))
		if err != nil {
			return nil, err
		}
		a := n.(*graph.Achievement)
		if a.EffectiveVisibility() == graph.VisibilityPrivate {
			// The learner keeps it to themself: answered as a badge that does not exist.
			return nil, graph.NotFound(graph.KindAchievement, a.ID)
		}
		if a.BadgeJWT == "" {
			// Loaded without a badge (an import): sign it now, once.
			if a, err = s.Sign(r.Context(), a); err != nil {
				return nil, err
			}
		}
		return a, nil
	}
	return map[string]http.Handler{
		"GET /.well-known/jwks.json": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// Every key of every process: the set is read again when another one changed it.
			if err := s.issuer.Keys().Refresh(r.Context()); err != nil {
				fail(w, r, err)
				return
			}
			body, err := s.issuer.Keys().PublicJWKSJSON()
			if err != nil {
				fail(w, r, err)
				return
			}
			w.Header().Set("Content-Type", mediaJWKS)
			w.Header().Set("Cache-Control", "public, max-age=300")
			w.Write(body)
		}),
		"GET /credentials/{id}": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, err := achievement(r)
			if err != nil {
				fail(w, r, err)
				return
			}
			noindex(w, a)
			if wantsJSON(r) || r.URL.Query().Get("format") == "json" {
				cred, err := badges.DecodeCredential(a.BadgeJWT)
				if err != nil {
					fail(w, r, err)
					return
				}
				w.Header().Set("Content-Type", "application/json")
				json.NewEncoder(w).Encode(cred)
				return
			}
			w.Header().Set("Content-Type", mediaVC)
			w.Write([]byte(a.BadgeJWT))
		}),
		"GET /credentials/{id}/view": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, err := achievement(r)
			if err != nil {
				fail(w, r, err)
				return
			}
			noindex(w, a)
			v := s.Verify(r.Context(), a.BadgeJWT)
			view := badges.ViewFromVerification(v)
			view.Lang = language(w, r)
			view.Status, view.StatusReason = EffectiveStatus(a, time.Now()), a.StatusReason
			view.AchievementID = a.ID
			view.CredentialURL = s.issuer.CredentialURL(a.ID)
			view.PageURL = s.issuer.PageURL(a.ID)
			// Badges signed before images existed have none in them; the image is served all
			// the same.
			if view.ImageURL == "" {
				view.ImageURL = s.issuer.ImageURL(a.ID)
			}
			view.ImageSrc = "image.svg"
			view.JWKSURL = s.issuer.BaseURL() + "/.well-known/jwks.json"
			if err := s.localizeCompetencies(r.Context(), &view); err != nil {
				fail(w, r, err)
				return
			}
			if a.BlockID != "" {
				if view.Constituents, err = s.constituents(r.Context(), a); err != nil {
					fail(w, r, err)
					return
				}
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if err := badges.RenderHTML(w, view); err != nil {
				logger.ErrorContext(r.Context(), "render badge page", "err", err)
			}
		}),
		"GET /credentials/{id}/image.svg": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			a, err := achievement(r)
			if err != nil {
				fail(w, r, err)
				return
			}
			cred, err := badges.DecodeCredential(a.BadgeJWT)
			if err != nil {
				fail(w, r, err)
				return
			}
			noindex(w, a)
			lang := language(w, r)
			w.Header().Set("Content-Type", badges.MediaSVG)
			w.Header().Set("Content-Security-Policy", badges.ImageCSP)
			if err := badges.RenderSVG(w, badges.ImageFromCredential(cred), lang); err != nil {
				logger.ErrorContext(r.Context(), "render badge image", "err", err)
			}
		}),
		"GET /organizations/{id}": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			view, err := s.organization(r.Context(), r.PathValue("id"), !cfg.privateCatalogue)
			if err != nil {
				fail(w, r, err)
				return
			}
			view.Lang = language(w, r)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			if err := badges.RenderOrganization(w, view); err != nil {
				logger.ErrorContext(r.Context(), "render organisation page", "err", err)
			}
		}),
		"GET /status/{id}": http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			jwt, err := s.StatusListJWT(r.Context(), r.PathValue("id"))
			if err != nil {
				fail(w, r, err)
				return
			}
			w.Header().Set("Content-Type", mediaVC)
			w.Header().Set("Cache-Control", "no-cache") // a revocation must show at once
			w.Write([]byte(jwt))
		}),
	}
}

// language negotiates a page's language and tells caches the answer depends on it.
func language(w http.ResponseWriter, r *http.Request) i18n.Lang {
	w.Header().Add("Vary", "Accept-Language")
	return i18n.Negotiate(r.URL.Query().Get("lang"), r.Header.Get("Accept-Language"))
}

// noindex asks search engines not to index a badge its learner has not made PUBLIC.
func noindex(w http.ResponseWriter, a *graph.Achievement) {
	if a.EffectiveVisibility() != graph.VisibilityPublic {
		w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	}
}

// wantsJSON reports whether the client prefers the decoded credential to the JWT.
func wantsJSON(r *http.Request) bool {
	for part := range strings.SplitSeq(r.Header.Get("Accept"), ",") {
		mt, _, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		switch mt {
		case "application/json", "application/ld+json", "application/vc+ld+json", "application/vc":
			return true
		case mediaVC, "application/jwt":
			return false
		}
	}
	return false
}
