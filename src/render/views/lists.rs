//! Views of pages that list entries: cards, domain and wijk pages, listings, the home page and the matrix.

use super::*;
use crate::content::{EntryDetails, Service};
use crate::render::collation::dutch_sort_key;
use xxhash_rust::xxh3::Xxh3;

impl ViewBuilder<'_> {
    /// The services a partner's card lists: on a domain page those in the domain (a service without
    /// domains of its own is in its partner's), elsewhere none.
    fn listed_services<'n>(
        &self,
        node: &'n EntryNode,
        domain: Option<usize>,
    ) -> impl Iterator<Item = (usize, &'n Service)> {
        let services: &[Service] = node.entry.as_partner().map_or(&[], |p| &p.services);
        let own_domains = &node.entry.domains;
        let id = domain.map(|d| self.site.domains[d].domain.id.clone());
        services.iter().enumerate().filter(move |(_, s)| match &id {
            None => false,
            Some(id) => {
                s.domains.iter().any(|sd| &sd.value == id)
                    || (s.domains.is_empty() && own_domains.iter().any(|pd| &pd.value == id))
            }
        })
    }

    /// An entry's card: what every kind shows, with the kind's label (a partner's kind, a regulation's
    /// law, a module's level) and, for a partner on a domain page, its services there.
    fn card_of(&self, entry: EntryRef, domain: Option<usize>) -> Card {
        let node = self.site.entry(entry);
        let url = self.site.entry_url(entry);
        let lines = self
            .listed_services(node, domain)
            .map(|(_, s)| CardLine {
                name: s.name.clone(),
                url: format!("{url}#{}", crate::markdown::slugify(&s.name)),
                referral: s.referral.clone(),
            })
            .collect();
        let kind = match &node.entry.details {
            EntryDetails::Partner(p) => p.kind.clone(),
            EntryDetails::Regulation(r) => Some(r.law.clone()),
            EntryDetails::Module(m) => m.level.clone(),
            EntryDetails::Page(_) => None,
        };
        let phone = match &node.entry.details {
            EntryDetails::Partner(p) => p.phone.clone(),
            _ => None,
        };
        let notice = match &node.entry.details {
            EntryDetails::Partner(p) => p.notice.as_ref().and_then(|n| self.notice(n, None)),
            _ => None,
        };
        Card {
            title: node.entry.title.clone(),
            kind,
            phone_href: phone.as_deref().map(phone_href),
            phone,
            summary: node.summary.clone(),
            stale: node.stale,
            notice,
            url,
            lines,
        }
    }

    pub fn domain(&self, index: usize) -> DomainView {
        let node = &self.site.domains[index];
        DomainView {
            label: node.domain.label.clone(),
            description: node.domain.description.clone(),
            synonyms: node.domain.synonyms.clone(),
            signals: node.domain.signals.clone(),
            partners: self.section_cards(node, EntryKind::Partner, Some(index)),
            regulations: self.section_cards(node, EntryKind::Regulation, None),
            modules: self.section_cards(node, EntryKind::Module, None),
            pages: self.section_cards(node, EntryKind::Page, None),
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
            partners: self
                .by_name(EntryKind::Partner, &node.entries[EntryKind::Partner])
                .into_iter()
                .map(|p| self.entry_card(EntryKind::Partner, p, None, SECTION_CARD))
                .collect(),
            municipality_wide_count: self.site.municipality_wide[EntryKind::Partner].len(),
            municipality_wide_url: routes::url(self.site, PageJob::MunicipalityWide),
        }
    }

    /// The partners that work in every wijk, listed once instead of on every wijk page.
    pub fn municipality_wide_listing(&self, title: String) -> ListingView {
        ListingView {
            title,
            cards: self.listing_cards(sorted_by_title(
                self.site
                    .municipality_wide
                    .iter()
                    .flat_map(|(kind, indices)| {
                        indices
                            .iter()
                            .map(move |&index| self.card_of(EntryRef { kind, index }, None))
                    })
                    .collect(),
            )),
        }
    }

    pub fn listing(&self, kind: EntryKind, title: String) -> ListingView {
        let mut order: Vec<usize> = (0..self.site.count_of(kind)).collect();
        // By title as a card shows it, in Dutch order; the sort is stable, so equal titles stay in file order.
        order.sort_by_cached_key(|&index| {
            dutch_sort_key(self.site.entry_title(EntryRef { kind, index }))
        });
        ListingView {
            title,
            cards: order
                .into_iter()
                .map(|i| self.entry_card(kind, i, None, LISTING_CARD))
                .collect(),
        }
    }

    pub fn domain_listing(&self, title: String) -> ListingView {
        let cards = self.site.domains.iter().enumerate().map(|(d, n)| {
            plain_card(
                &n.domain.label,
                routes::url(self.site, PageJob::Domain(d)),
                &n.domain.description,
            )
        });
        ListingView {
            title,
            cards: self.listing_cards(cards.collect()),
        }
    }

    pub fn area_listing(&self, title: String) -> ListingView {
        let cards = self.site.areas.iter().enumerate().map(|(a, n)| {
            plain_card(
                &n.area.name,
                routes::url(self.site, PageJob::Area(a)),
                &n.area.description,
            )
        });
        ListingView {
            title,
            cards: self.listing_cards(cards.collect()),
        }
    }

    pub fn home(&self) -> HomeView {
        let link = |key: &str, job: PageJob| Link {
            title: self.t.get(key).to_string(),
            url: routes::url(self.site, job),
        };
        let count = |kind: EntryKind| Link {
            title: format!(
                "{} ({})",
                self.t.get(&format!("kind_{}", kind.folder())),
                self.site.count_of(kind)
            ),
            url: routes::url(self.site, PageJob::Listing(kind)),
        };
        let mut overviews = vec![link("matrix_title", PageJob::Matrix)];
        overviews.extend(EntryKind::ALL.map(count));
        overviews.push(link("areas_title", PageJob::AreaListing));
        HomeView {
            domains: self
                .site
                .domains
                .iter()
                .enumerate()
                .map(|(d, n)| DomainTile {
                    label: n.domain.label.clone(),
                    url: routes::url(self.site, PageJob::Domain(d)),
                    description: n
                        .domain
                        .description
                        .as_deref()
                        .map(|d| cut_at_word(d, TILE_DESCRIPTION_CHARS)),
                    partner_count: n.entries[EntryKind::Partner].len(),
                })
                .collect(),
            overviews,
        }
    }

    pub fn matrix(&self) -> MatrixView {
        let mut rows: Vec<MatrixRow> = self.site.entries[EntryKind::Partner]
            .iter()
            .enumerate()
            .map(|(index, node)| MatrixRow {
                partner: self.entry_link(EntryRef {
                    kind: EntryKind::Partner,
                    index,
                }),
                cells: (0..self.site.domains.len())
                    .map(|d| node.domains.binary_search(&d).is_ok())
                    .collect(),
            })
            .collect();
        rows.sort_by_cached_key(|row| dutch_sort_key(&row.partner.title));
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
        for (service, _) in self.listed_services(self.site.entry(entry), domain) {
            inputs.update(&(service as u64).to_le_bytes());
        }
        self.cards
            .html_by_inputs(inputs.digest(), heading_level, || {
                self.card_of(entry, domain)
            })
    }

    /// The cards of a domain's entries of `kind`; `domain` picks partners' service lines.
    fn section_cards(
        &self,
        node: &crate::model::DomainNode,
        kind: EntryKind,
        domain: Option<usize>,
    ) -> Vec<CardHtml> {
        self.by_name(kind, &node.entries[kind])
            .into_iter()
            .map(|index| self.entry_card(kind, index, domain, SECTION_CARD))
            .collect()
    }

    /// Entries of one kind in the order a coach looks them up: by display name, in Dutch order.
    fn by_name(&self, kind: EntryKind, indices: &[usize]) -> Vec<usize> {
        let mut order = indices.to_vec();
        order.sort_by_cached_key(|&index| {
            dutch_sort_key(self.site.entry_title(EntryRef { kind, index }))
        });
        order
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
        phone: None,
        phone_href: None,
        lines: Vec::new(),
        notice: None,
    }
}

fn sorted_by_title(mut cards: Vec<Card>) -> Vec<Card> {
    cards.sort_by_cached_key(|c| dutch_sort_key(&c.title));
    cards
}
