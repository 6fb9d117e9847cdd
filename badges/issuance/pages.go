package issuance

import (
	"context"
	"fmt"
	"strings"

	"github.com/skillgraph/skillgraph/badges"
	"github.com/skillgraph/skillgraph/graph"
	"github.com/skillgraph/skillgraph/i18n"
)

// maxOrgItems bounds each list of an organisation's page: one store page.
const maxOrgItems = graph.MaxPageSize

// constituents lists the learner's badges of the components of a block badge's block, one per
// component (a valid one when there are several), each linked to its page; badges the learner
// made private are left out, as everywhere in public.
func (s *Service) constituents(ctx context.Context, a *graph.Achievement) ([]badges.ViewLink, error) {
	blocks, creds, err := graph.BlockClosure(ctx, s.store, []string{a.BlockID})
	if err != nil {
		return nil, fmt.Errorf("block badge components: %w", err)
	}
	b := blocks[a.BlockID]
	if b == nil || len(b.Components) == 0 {
		return nil, nil
	}
	held, err := allAchievements(ctx, s.store, graph.Filter{LearnerIDs: []string{a.LearnerID}, SubjectIDs: b.Components})
	if err != nil {
		return nil, fmt.Errorf("block badge components: %w", err)
	}
	best := map[string]*graph.Achievement{}
	for _, h := range held {
		if h.EffectiveVisibility() == graph.VisibilityPrivate || h.ID == a.ID {
			continue
		}
		subject := h.CredentialID + h.BlockID
		if cur := best[subject]; cur == nil || (cur.Status != graph.StatusValid && h.Status == graph.StatusValid) {
			best[subject] = h
		}
	}
	var out []badges.ViewLink
	for _, c := range b.Components {
		h := best[c]
		if h == nil {
			continue
		}
		title := c
		if cr := creds[c]; cr != nil {
			title = cr.Title
		} else if nb := blocks[c]; nb != nil {
			title = nb.Title
		}
		out = append(out, badges.ViewLink{Title: title, URL: s.issuer.PageURL(h.ID)})
	}
	return out, nil
}

// localizeCompetencies names the badge's ESCO competencies in the page's language where the
// graph has their label in it (imported with skillgraph import esco-labels); the badge itself
// keeps the names it was signed with.
func (s *Service) localizeCompetencies(ctx context.Context, view *badges.ViewData) error {
	if view.Lang == i18n.English || len(view.Competencies) == 0 {
		return nil
	}
	ids := make([]string, len(view.Competencies))
	var read []string
	for i, c := range view.Competencies {
		if strings.Contains(c.URL, "data.europa.eu/esco/") {
			ids[i] = graph.ESCOConceptID(c.URL)
			read = append(read, ids[i])
		}
	}
	if len(read) == 0 {
		return nil
	}
	found, err := s.store.GetMany(ctx, graph.KindCompetency, read)
	if err != nil {
		return fmt.Errorf("competency names: %w", err)
	}
	for i, id := range ids {
		if n, ok := found[id]; ok && id != "" {
			c := n.(*graph.Competency)
			view.Competencies[i].Name = graph.Localized(view.Competencies[i].Name, c.Names, string(view.Lang))
		}
	}
	return nil
}

// organization reads an organisation's public page: its profile and, with the catalogue, the
// credentials and blocks it awards (at most one store page of each). ENOTFOUND when it does
// not exist.
func (s *Service) organization(ctx context.Context, id string, catalogue bool) (badges.OrgView, error) {
	n, err := s.store.Get(ctx, graph.KindOrganization, id)
	if err != nil {
		return badges.OrgView{}, fmt.Errorf("organisation page: %w", err)
	}
	org := n.(*graph.Organization)
	view := badges.OrgView{Name: org.Name, Description: org.Description, Website: org.URL, Country: org.Country,
		PageURL: s.issuer.OrganizationURL(org.ID), Catalogue: catalogue}
	if !catalogue {
		return view, nil
	}
	opts := graph.ListOptions{Filter: graph.Filter{OrganizationIDs: []string{org.ID}}, OrderBy: graph.OrderBy{Field: graph.OrderByID}, First: maxOrgItems}
	page, err := s.store.List(ctx, graph.KindCredential, opts)
	if err != nil {
		return view, fmt.Errorf("organisation page: %w", err)
	}
	for _, n := range page.Items {
		c := n.(*graph.Credential)
		view.Credentials = append(view.Credentials, badges.OrgItem{Title: c.Title, Type: badges.AchievementTypeMicroCredential,
			Hours: c.Hours, ECTS: c.ECTS, EQFLevel: c.EQFLevel, Modality: string(c.Modality)})
	}
	view.More += max(page.TotalCount-len(page.Items), 0)
	page, err = s.store.List(ctx, graph.KindBlock, opts)
	if err != nil {
		return view, fmt.Errorf("organisation page: %w", err)
	}
	for _, n := range page.Items {
		b := n.(*graph.Block)
		kind := badges.AchievementTypeCertificate
		if b.Certification {
			kind = badges.AchievementTypeCertification
		}
		view.Blocks = append(view.Blocks, badges.OrgItem{Title: b.Title, Type: kind, Code: b.Code})
	}
	view.More += max(page.TotalCount-len(page.Items), 0)
	return view, nil
}
