//! Views of pages that list entries: cards, domain and wijk pages, listings, the home page and the matrix.

use super::*;
use crate::content::Service;
use crate::validate::MUNICIPALITY_WIDE;
use xxhash_rust::xxh3::Xxh3;

impl ViewBuilder<'_> {
    /// The services a partner's card lists: on a domain page those in the domain (a service without
    /// domains of its own is in its partner's), elsewhere none.
    fn listed_services(
        &self,
        index: usize,
        domain: Option<usize>,
    ) -> impl Iterator<Item = (usize, &Service)> {
        let partner = &self.site.partners[index].partner;
        let id = domain.map(|d| &self.site.domains[d].domain.id);
        partner
            .services
            .iter()
            .enumerate()
            .filter(move |(_, s)| match id {
                None => false,
                Some(id) => {
                    s.domains.iter().any(|sd| &sd.value == id)
                        || (s.domains.is_empty()
                            && partner.domains.iter().any(|pd| &pd.value == id))
                }
            })
    }

    pub fn partner_card(&self, index: usize, domain: Option<usize>) -> Card {
        let node = &self.site.partners[index];
        let partner = &node.partner;
        let url = self.site.url(&["partners", &partner.meta.id]);
        let lines = self
            .listed_services(index, domain)
            .map(|(_, s)| CardLine {
                name: s.name.clone(),
                url: format!("{url}#{}", crate::markdown::slugify(&s.name)),
                referral: s.referral.clone(),
            })
            .collect();
        Card {
            title: partner.name.clone(),
            kind: partner.kind.clone(),
            summary: node.summary.clone(),
            stale: node.stale,
            url,
            lines,
        }
    }

    pub fn regulation_card(&self, index: usize) -> Card {
        let node = &self.site.regulations[index];
        Card {
            title: node.regulation.title.clone(),
            url: self.site.url(&["regulations", &node.regulation.meta.id]),
            kind: Some(node.regulation.law.clone()),
            summary: node.summary.clone(),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn module_card(&self, index: usize) -> Card {
        let node = &self.site.modules[index];
        Card {
            title: node.module.title.clone(),
            url: self.site.url(&["modules", &node.module.meta.id]),
            kind: node.module.level.clone(),
            summary: node.summary.clone(),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn page_card(&self, index: usize) -> Card {
        let node = &self.site.pages[index];
        Card {
            title: node.page.title.clone(),
            url: self.site.url(&["pages", &node.page.meta.id]),
            kind: None,
            summary: node.summary.clone(),
            stale: node.stale,
            lines: Vec::new(),
        }
    }

    pub fn domain(&self, index: usize) -> DomainView {
        let node = &self.site.domains[index];
        DomainView {
            label: node.domain.label.clone(),
            description: node.domain.description.clone(),
            synonyms: node.domain.synonyms.clone(),
            signals: node.domain.signals.clone(),
            partners: node
                .partners
                .iter()
                .map(|&p| self.entry_card(EntryKind::Partner, p, Some(index), SECTION_CARD))
                .collect(),
            regulations: node
                .regulations
                .iter()
                .map(|&r| self.entry_card(EntryKind::Regulation, r, None, SECTION_CARD))
                .collect(),
            modules: node
                .modules
                .iter()
                .map(|&m| self.entry_card(EntryKind::Module, m, None, SECTION_CARD))
                .collect(),
            pages: node
                .pages
                .iter()
                .map(|&p| self.entry_card(EntryKind::Page, p, None, SECTION_CARD))
                .collect(),
        }
    }

    pub fn area(&self, index: usize) -> AreaView {
        let node = &self.site.areas[index];
        AreaView {
            name: node.area.name.clone(),
            description: node.area.description.clone(),
            postcodes: node
                .area
                .postcodes
                .iter()
                .map(|p| p.value.label())
                .collect(),
            partners: node
                .partners
                .iter()
                .map(|&p| self.entry_card(EntryKind::Partner, p, None, SECTION_CARD))
                .collect(),
            municipality_wide_count: self.site.municipality_wide.len(),
            municipality_wide_url: self.site.url(&["areas", MUNICIPALITY_WIDE]),
        }
    }

    /// The partners that work in every wijk, listed once instead of on every wijk page.
    pub fn municipality_wide_listing(&self) -> ListingView {
        ListingView {
            title: self.t.get("area_municipality_partners").to_string(),
            cards: self.listing_cards(sorted_by_title(
                self.site
                    .municipality_wide
                    .iter()
                    .map(|&p| self.partner_card(p, None))
                    .collect(),
            )),
        }
    }

    pub fn listing(&self, kind: EntryKind) -> ListingView {
        let mut order: Vec<usize> = (0..self.site.count_of(kind)).collect();
        // By title as a card shows it, ignoring case; the sort is stable, so equal titles stay in file order.
        order.sort_by_cached_key(|&index| {
            self.site
                .entry_title(EntryRef { kind, index })
                .to_lowercase()
        });
        ListingView {
            title: self.t.get(&format!("kind_{}", kind.folder())).to_string(),
            cards: order
                .into_iter()
                .map(|i| self.entry_card(kind, i, None, LISTING_CARD))
                .collect(),
        }
    }

    pub fn domain_listing(&self) -> ListingView {
        let cards = self.site.domains.iter().map(|n| {
            plain_card(
                &n.domain.label,
                self.site.url(&["domains", &n.domain.id]),
                &n.domain.description,
            )
        });
        ListingView {
            title: self.t.get("domains_title").to_string(),
            cards: self.listing_cards(cards.collect()),
        }
    }

    pub fn area_listing(&self) -> ListingView {
        let cards = self.site.areas.iter().map(|n| {
            plain_card(
                &n.area.name,
                self.site.url(&["areas", &n.area.id]),
                &n.area.description,
            )
        });
        ListingView {
            title: self.t.get("areas_title").to_string(),
            cards: self.listing_cards(cards.collect()),
        }
    }

    pub fn home(&self) -> HomeView {
        let count = |kind: &str, n: usize| Link {
            title: format!("{} ({n})", self.t.get(&format!("kind_{kind}"))),
            url: self.site.url(&[kind]),
        };
        HomeView {
            domains: self
                .site
                .domains
                .iter()
                .map(|n| DomainTile {
                    label: n.domain.label.clone(),
                    url: self.site.url(&["domains", &n.domain.id]),
                    description: n.domain.description.clone(),
                    partner_count: n.partners.len(),
                })
                .collect(),
            overviews: vec![
                Link {
                    title: self.t.get("matrix_title").to_string(),
                    url: self.site.url(&["matrix"]),
                },
                count("partners", self.site.partners.len()),
                count("regulations", self.site.regulations.len()),
                count("modules", self.site.modules.len()),
                count("pages", self.site.pages.len()),
                Link {
                    title: self.t.get("areas_title").to_string(),
                    url: self.site.url(&["areas"]),
                },
            ],
        }
    }

    pub fn matrix(&self) -> MatrixView {
        let mut rows: Vec<MatrixRow> = self
            .site
            .partners
            .iter()
            .map(|node| MatrixRow {
                partner: Link {
                    title: node.partner.name.clone(),
                    url: self.site.url(&["partners", &node.partner.meta.id]),
                },
                cells: (0..self.site.domains.len())
                    .map(|d| node.domains.binary_search(&d).is_ok())
                    .collect(),
            })
            .collect();
        rows.sort_by(|a, b| {
            a.partner
                .title
                .to_lowercase()
                .cmp(&b.partner.title.to_lowercase())
        });
        MatrixView {
            domains: self.domain_links(&(0..self.site.domains.len()).collect::<Vec<_>>()),
            rows,
        }
    }
}

impl ViewBuilder<'_> {
    fn card(&self, card: &Card, heading_level: u8) -> CardHtml {
        self.cards.html(card, heading_level)
    }

    /// An entry's card with its title at `heading_level`; `domain` picks the service lines of a partner on
    /// a domain page. A card shows the entry's own data, the services it lists and the base path from
    /// `revision`, so those identify it: a card known by them is not built again. A partner whose listed
    /// services are the same in several domains has one card for all of them.
    fn entry_card(
        &self,
        kind: EntryKind,
        index: usize,
        domain: Option<usize>,
        heading_level: u8,
    ) -> CardHtml {
        let entry = EntryRef { kind, index };
        let mut inputs = Xxh3::new();
        inputs.update(&self.site.revision.to_le_bytes());
        inputs.update(&[kind as u8]);
        inputs.update(&(index as u64).to_le_bytes());
        inputs.update(&self.site.entry_fingerprint(entry).to_le_bytes());
        if kind == EntryKind::Partner {
            for (service, _) in self.listed_services(index, domain) {
                inputs.update(&(service as u64).to_le_bytes());
            }
        }
        self.cards
            .html_by_inputs(inputs.digest(), heading_level, || match kind {
                EntryKind::Partner => self.partner_card(index, domain),
                EntryKind::Regulation => self.regulation_card(index),
                EntryKind::Module => self.module_card(index),
                EntryKind::Page => self.page_card(index),
            })
    }

    fn listing_cards(&self, cards: Vec<Card>) -> Vec<CardHtml> {
        cards
            .iter()
            .map(|card| self.card(card, LISTING_CARD))
            .collect()
    }
}

/// A card for something that is not an entry (a domain, a wijk): no kind, never stale, no lines.
fn plain_card(title: &str, url: String, description: &Option<String>) -> Card {
    Card {
        title: title.to_string(),
        url,
        kind: None,
        summary: description.clone().unwrap_or_default(),
        stale: false,
        lines: Vec::new(),
    }
}

fn sorted_by_title(mut cards: Vec<Card>) -> Vec<Card> {
    cards.sort_by_cached_key(|c| c.title.to_lowercase());
    cards
}
