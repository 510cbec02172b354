//! Page requests and the paginated list envelope of the REST API (DESIGN §4).

use serde::{Deserialize, Serialize};

use super::error::both;
use super::{FieldCode, FieldError};

pub const DEFAULT_PAGE_SIZE: u32 = 25;
pub const MAX_PAGE_SIZE: u32 = 100;
/// The last page anyone can ask for (a million pages of a hundred rows is more than any list).
pub const MAX_PAGE: u32 = 1_000_000;

/// A validated page request: `page` ≥ 1, `page_size` in 1..=100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageRequest {
    pub page: u32,
    pub page_size: u32,
}

impl Default for PageRequest {
    fn default() -> Self {
        PageRequest { page: 1, page_size: DEFAULT_PAGE_SIZE }
    }
}

impl PageRequest {
    /// Missing values take defaults; a page size above the cap is capped (as clients expect
    /// from `pageSize=1000`), while zero or negative values are errors.
    pub fn parse(page: Option<i64>, page_size: Option<i64>) -> Result<PageRequest, Vec<FieldError>> {
        let page = match page {
            None => Ok(1),
            Some(p) if (1..=i64::from(MAX_PAGE)).contains(&p) => Ok(p as u32),
            Some(_) => {
                Err(FieldError::new("page", FieldCode::OutOfRange, format!("page must be between 1 and {MAX_PAGE}")))
            }
        };
        let page_size = match page_size {
            None => Ok(DEFAULT_PAGE_SIZE),
            Some(s) if s >= 1 => Ok(s.min(i64::from(MAX_PAGE_SIZE)) as u32),
            Some(_) => Err(FieldError::new("pageSize", FieldCode::OutOfRange, "pageSize must be 1 or more")),
        };
        let (page, page_size) = both(page, page_size)?;
        Ok(PageRequest { page, page_size })
    }

    pub fn offset(self) -> i64 {
        (i64::from(self.page) - 1) * i64::from(self.page_size)
    }

    pub fn limit(self) -> i64 {
        i64::from(self.page_size)
    }
}

/// A sort or order parameter that names nothing the list offers.
fn invalid(field: &str, message: String) -> FieldError {
    FieldError::new(field, FieldCode::Invalid, message)
}

/// `?sort=<field>&order=asc|desc`, checked against the fields a list can be sorted by; the field
/// is one of the list's own names, so code can map it to a column without trusting the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub field: &'static str,
    pub descending: bool,
}

impl Sort {
    /// `allowed[0]` is the default field (ascending unless `order` says otherwise).
    pub fn parse(sort: Option<&str>, order: Option<&str>, allowed: &[&'static str]) -> Result<Sort, Vec<FieldError>> {
        let field = match sort.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(allowed.first().copied().unwrap_or("")),
            Some(name) => allowed
                .iter()
                .find(|a| **a == name)
                .copied()
                .ok_or_else(|| invalid("sort", format!("sort must be one of {}", allowed.join(", ")))),
        };
        let descending = match order.map(str::trim).filter(|o| !o.is_empty()) {
            None | Some("asc") => Ok(false),
            Some("desc") => Ok(true),
            Some(_) => Err(invalid("order", "order must be asc or desc".to_owned())),
        };
        both(field, descending).map(|(field, descending)| Sort { field, descending })
    }

    /// The list's default: its first field, ascending.
    pub fn default_of(allowed: &[&'static str]) -> Sort {
        Sort { field: allowed.first().copied().unwrap_or(""), descending: false }
    }

    /// Sorts a list held in memory (lists of a few hundred rows at most) by this field, stably,
    /// so rows equal on the field keep the list's own order; `compare` orders two rows by a
    /// field name, ascending.
    pub fn apply<T>(self, items: &mut [T], compare: impl Fn(&'static str, &T, &T) -> std::cmp::Ordering) {
        items.sort_by(|a, b| {
            let order = compare(self.field, a, b);
            if self.descending {
                order.reverse()
            } else {
                order
            }
        });
    }

    /// `ASC` or `DESC`, for SQL.
    pub fn direction(self) -> &'static str {
        if self.descending {
            "DESC"
        } else {
            "ASC"
        }
    }
}

/// `{"items": […], "total": n, "page": 1, "pageSize": 25, "hasMore": true}`
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ssr", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub page: u32,
    pub page_size: u32,
    pub has_more: bool,
    /// Present (and `true`) when the list was counted only this far: there are more than
    /// `total` items. Lists that can grow without bound (the audit log) stop counting at
    /// [`COUNT_CAP`] or just past the requested page, whichever is further.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub total_capped: bool,
}

/// How far a list that grows without bound is counted (see [`Page::total_capped`]).
pub const COUNT_CAP: i64 = 10_000;

/// The most rows to count for `request`: [`COUNT_CAP`], or the end of the requested page, plus
/// one to tell whether there are more.
pub fn count_bound(request: PageRequest) -> i64 {
    COUNT_CAP.max(request.offset() + request.limit()) + 1
}

impl<T> Page<T> {
    pub fn new(items: Vec<T>, total: i64, request: PageRequest) -> Page<T> {
        let has_more = request.offset() + (items.len() as i64) < total;
        Page { items, total, page: request.page, page_size: request.page_size, has_more, total_capped: false }
    }

    /// A page of a list counted up to [`count_bound`]: `counted` rows were found.
    pub fn counted_to(items: Vec<T>, counted: i64, request: PageRequest) -> Page<T> {
        let bound = count_bound(request);
        if counted < bound {
            return Page::new(items, counted, request);
        }
        Page {
            items,
            total: bound - 1,
            page: request.page,
            page_size: request.page_size,
            has_more: true,
            total_capped: true,
        }
    }

    /// The requested page of a list held whole in memory.
    pub fn of_all(all: Vec<T>, request: PageRequest) -> Page<T> {
        let total = all.len() as i64;
        let items = all.into_iter().skip(request.offset() as usize).take(request.limit() as usize).collect();
        Page::new(items, total, request)
    }

    /// Number of pages, at least 1 so an empty list still shows "page 1 of 1"; for a list
    /// counted only so far, at least one past this page.
    pub fn page_count(&self) -> u32 {
        let size = i64::from(self.page_size.max(1));
        let counted = ((self.total + size - 1) / size).max(1) as u32;
        if self.total_capped {
            counted.max(self.page.saturating_add(1))
        } else {
            counted
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn sorting_in_memory_is_stable_and_desc_reverses_the_field_only() {
        let mut rows = vec![(2, 'a'), (1, 'b'), (2, 'c')];
        let by_number = |_: &str, a: &(i32, char), b: &(i32, char)| a.0.cmp(&b.0);
        Sort { field: "n", descending: false }.apply(&mut rows, by_number);
        assert_eq!(rows, [(1, 'b'), (2, 'a'), (2, 'c')]);
        Sort { field: "n", descending: true }.apply(&mut rows, by_number);
        assert_eq!(rows, [(2, 'a'), (2, 'c'), (1, 'b')]);
    }

    use super::*;

    #[test]
    fn counting_stops_at_the_cap_or_past_the_page() {
        let first = PageRequest { page: 1, page_size: 25 };
        let exact = Page::counted_to(vec![1; 25], 300, first);
        assert_eq!((exact.total, exact.has_more, exact.total_capped), (300, true, false));
        let capped = Page::counted_to(vec![1; 25], count_bound(first), first);
        assert_eq!((capped.total, capped.has_more, capped.total_capped), (COUNT_CAP, true, true));
        // Past the cap, counting goes one row beyond the requested page.
        let deep = PageRequest { page: 500, page_size: 25 };
        assert_eq!(count_bound(deep), 12_501);
        let last = Page::counted_to(vec![1; 5], 12_480, deep);
        assert_eq!((last.total, last.has_more, last.total_capped), (12_480, false, false));
        let more = Page::counted_to(vec![1; 25], 12_501, deep);
        assert_eq!((more.total, more.has_more, more.total_capped), (12_500, true, true));
        assert_eq!(more.page_count(), 501, "the next page stays reachable");
        let json = serde_json::to_value(&exact).unwrap();
        assert!(json.get("totalCapped").is_none(), "only said when true");
        assert_eq!(serde_json::to_value(&more).unwrap()["totalCapped"], true);
    }

    #[test]
    fn sorting_takes_only_the_fields_offered() {
        let allowed = ["name", "email", "lastSignInAt"];
        assert_eq!(Sort::parse(None, None, &allowed), Ok(Sort { field: "name", descending: false }));
        assert_eq!(Sort::parse(Some("lastSignInAt"), Some("desc"), &allowed).unwrap().direction(), "DESC");
        let errors = Sort::parse(Some("password"), Some("sideways"), &allowed).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[0].message.contains("name, email, lastSignInAt"));
    }

    #[test]
    fn pages_of_a_whole_list() {
        let request = PageRequest { page: 2, page_size: 2 };
        let page = Page::of_all(vec![1, 2, 3, 4, 5], request);
        assert_eq!((page.items, page.total, page.has_more), (vec![3, 4], 5, true));
        let last = Page::of_all(vec![1, 2, 3], request);
        assert_eq!((last.items, last.has_more), (vec![3], false));
    }

    #[test]
    fn defaults_and_cap() {
        assert_eq!(PageRequest::parse(None, None).unwrap(), PageRequest { page: 1, page_size: 25 });
        assert_eq!(PageRequest::parse(Some(2), Some(1000)).unwrap().page_size, 100);
    }

    #[test]
    fn rejects_zero_and_negative() {
        let errors = PageRequest::parse(Some(0), Some(-5)).unwrap_err();
        assert_eq!(errors.len(), 2);
        assert_eq!(errors[0].field, "page");
        assert_eq!(errors[1].field, "pageSize");
    }

    #[test]
    fn has_more_and_page_count() {
        let req = PageRequest { page: 2, page_size: 10 };
        assert_eq!(req.offset(), 10);
        let page = Page::new(vec![0; 10], 25, req);
        assert!(page.has_more);
        assert_eq!(page.page_count(), 3);
        let last = Page::new(vec![0; 5], 25, PageRequest { page: 3, page_size: 10 });
        assert!(!last.has_more);
        let empty: Page<u8> = Page::new(vec![], 0, PageRequest::default());
        assert_eq!(empty.page_count(), 1);
    }
}
