//! The pre- and postconditions inside `DAV:error` (RFC 4918 §16, RFC 3744
//! §7.1.1 and §9, RFC 4791 §5.3.2 and §9, RFC 6352 §6.3.2 and §8, RFC 6578
//! §3.7 and §6), recognised by namespace and name.

use std::borrow::Cow;

use crate::href::Href;
use crate::response::Response;
use crate::tree::Element;
use crate::{CALDAV, CARDDAV, DAV};

/// A privilege a `DAV:need-privileges` condition says was missing on a resource.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NeededPrivilege<'a> {
    /// The resource.
    pub resource: Href<'a>,
    /// The privilege element, as (namespace, local name): `(DAV:, write)`.
    pub privilege: (Cow<'a, str>, &'a str),
}

/// One condition element of a `DAV:error`. Conditions with content carry
/// it; others are recognised by name; anything else is [`Condition::Other`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Condition<'a> {
    // RFC 4918 §16
    /// `DAV:lock-token-matches-request-uri`
    LockTokenMatchesRequestUri,
    /// `DAV:lock-token-submitted`, with the hrefs of the locked resources.
    LockTokenSubmitted(Vec<Href<'a>>),
    /// `DAV:no-conflicting-lock`, with the hrefs of the conflicting locks' roots.
    NoConflictingLock(Vec<Href<'a>>),
    /// `DAV:no-external-entities`
    NoExternalEntities,
    /// `DAV:preserved-live-properties`
    PreservedLiveProperties,
    /// `DAV:propfind-finite-depth`
    PropfindFiniteDepth,
    /// `DAV:cannot-modify-protected-property`
    CannotModifyProtectedProperty,
    // RFC 3744 §7.1.1, §8.1
    /// `DAV:need-privileges`, with each resource and missing privilege.
    NeedPrivileges(Vec<NeededPrivilege<'a>>),
    /// `DAV:no-ace-conflict` and the other ACL preconditions of RFC 3744
    /// §8.1.1 (`no-protected-ace-conflict`, `no-inherited-ace-conflict`,
    /// `limited-number-of-aces`, `deny-before-grant`, `grant-only`,
    /// `no-invert`, `no-abstract`, `not-supported-privilege`,
    /// `missing-required-principal`, `recognized-principal`,
    /// `allowed-principal`), by local name.
    AclPrecondition(&'a str),
    // RFC 6578 §3.7, §6
    /// `DAV:valid-sync-token`: the token is no longer valid; sync from scratch.
    ValidSyncToken,
    /// `DAV:number-of-matches-within-limits`: results were truncated.
    NumberOfMatchesWithinLimits,
    /// `DAV:sync-traversal-supported`
    SyncTraversalSupported,
    // RFC 4791 §5.3.2, §9 and RFC 6352 §6.3.2, §8 (in their namespaces)
    /// `no-uid-conflict` (CalDAV or CardDAV), with the href of the resource
    /// already holding the UID.
    NoUidConflict(Option<Href<'a>>),
    /// Another CalDAV precondition (`supported-calendar-data`,
    /// `valid-calendar-data`, `valid-calendar-object-resource`,
    /// `supported-calendar-component`, `calendar-collection-location-ok`,
    /// `max-resource-size`, `min-date-time`, `max-date-time`,
    /// `max-instances`, `max-attendees-per-instance`, `supported-filter`,
    /// `valid-filter`, `supported-collation`…), by local name.
    CalDav(&'a str),
    /// Another CardDAV precondition (`supported-address-data`,
    /// `valid-address-data`, `addressbook-collection-location-ok`,
    /// `max-resource-size`, `supported-filter`, `supported-collation`,
    /// `supported-address-data-conversion`…), by local name.
    CardDav(&'a str),
    /// Any other condition, kept by namespace and local name.
    Other {
        /// The namespace URI.
        namespace: Cow<'a, str>,
        /// The local name.
        name: &'a str,
    },
}

const ACL_PRECONDITIONS: [&str; 11] = [
    "no-ace-conflict",
    "no-protected-ace-conflict",
    "no-inherited-ace-conflict",
    "limited-number-of-aces",
    "deny-before-grant",
    "grant-only",
    "no-invert",
    "no-abstract",
    "not-supported-privilege",
    "missing-required-principal",
    "recognized-principal",
];

fn child_hrefs<'a>(element: &Element<'a>) -> Vec<Href<'a>> {
    element.children().filter(|c| c.is(DAV, "href")).map(|c| Href::new(c.text())).collect()
}

impl<'a> Condition<'a> {
    /// Reads one child element of a `DAV:error`.
    pub fn from_element(element: &Element<'a>) -> Self {
        let name = element.local_name();
        let namespace = element.namespace();
        match (&*namespace, name) {
            (DAV, "lock-token-matches-request-uri") => Condition::LockTokenMatchesRequestUri,
            (DAV, "lock-token-submitted") => Condition::LockTokenSubmitted(child_hrefs(element)),
            (DAV, "no-conflicting-lock") => Condition::NoConflictingLock(child_hrefs(element)),
            (DAV, "no-external-entities") => Condition::NoExternalEntities,
            (DAV, "preserved-live-properties") => Condition::PreservedLiveProperties,
            (DAV, "propfind-finite-depth") => Condition::PropfindFiniteDepth,
            (DAV, "cannot-modify-protected-property") => Condition::CannotModifyProtectedProperty,
            (DAV, "need-privileges") => {
                // RFC 3744 §7.1.1: need-privileges → resource* → (href, privilege)
                let needed = element
                    .children()
                    .filter(|c| c.is(DAV, "resource"))
                    .filter_map(|resource| {
                        let href = resource.child(DAV, "href")?;
                        let privilege = resource.child(DAV, "privilege")?.children().next()?;
                        Some(NeededPrivilege {
                            resource: Href::new(href.text()),
                            privilege: (privilege.namespace(), privilege.local_name()),
                        })
                    })
                    .collect();
                Condition::NeedPrivileges(needed)
            }
            (DAV, "allowed-principal") => Condition::AclPrecondition(name),
            (DAV, name) if ACL_PRECONDITIONS.contains(&name) => Condition::AclPrecondition(name),
            (DAV, "valid-sync-token") => Condition::ValidSyncToken,
            (DAV, "number-of-matches-within-limits") => Condition::NumberOfMatchesWithinLimits,
            (DAV, "sync-traversal-supported") => Condition::SyncTraversalSupported,
            (CALDAV | CARDDAV, "no-uid-conflict") => {
                Condition::NoUidConflict(element.child(DAV, "href").map(|href| Href::new(href.text())))
            }
            (CALDAV, name) => Condition::CalDav(name),
            (CARDDAV, name) => Condition::CardDav(name),
            _ => Condition::Other { namespace, name },
        }
    }

    /// Every condition of a `DAV:error` element, in order.
    pub fn all(error: &Element<'a>) -> Vec<Condition<'a>> {
        error.children().map(|child| Condition::from_element(&child)).collect()
    }
}

impl<'a> Response<'a> {
    /// The conditions of this response's `DAV:error` (empty without one).
    pub fn conditions(&self) -> Vec<Condition<'a>> {
        self.dav_error().map(|error| Condition::all(&error)).unwrap_or_default()
    }

    /// True when this is the entry a sync-collection or other REPORT adds
    /// for the request URI to say the results were cut short: status 507 with
    /// `DAV:number-of-matches-within-limits` (RFC 6578 §3.6, RFC 5323 §5.17).
    /// The client has results, not all of them: it must sync again.
    pub fn is_truncated_results(&self) -> bool {
        self.status().and_then(|s| s.code()) == Some(507)
            && self.conditions().contains(&Condition::NumberOfMatchesWithinLimits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Multistatus;

    #[test]
    fn recognises_conditions() {
        let body = r#"<D:multistatus xmlns:D="DAV:" xmlns:C="urn:ietf:params:xml:ns:caldav" xmlns:X="urn:x">
          <D:response><D:href>/c/</D:href><D:status>HTTP/1.1 403 Forbidden</D:status>
            <D:error>
              <D:lock-token-submitted><D:href>/c/locked</D:href><D:href>/c/other</D:href></D:lock-token-submitted>
              <D:need-privileges><D:resource><D:href>/c/a</D:href><D:privilege><D:write/></D:privilege></D:resource></D:need-privileges>
              <D:no-ace-conflict/><D:valid-sync-token/>
              <C:no-uid-conflict><D:href>/c/dup.ics</D:href></C:no-uid-conflict>
              <C:max-resource-size/><X:custom/>
            </D:error>
          </D:response>
        </D:multistatus>"#;
        let multistatus = Multistatus::parse(body).unwrap();
        let conditions = multistatus.response(0).unwrap().conditions();
        let hrefs = |c: &Condition<'_>| match c {
            Condition::LockTokenSubmitted(hrefs) => hrefs.iter().map(|h| h.as_str().to_owned()).collect::<Vec<_>>(),
            _ => Vec::new(),
        };
        assert_eq!(hrefs(&conditions[0]), ["/c/locked", "/c/other"]);
        match &conditions[1] {
            Condition::NeedPrivileges(needed) => {
                assert_eq!(needed[0].resource.as_str(), "/c/a");
                assert_eq!(needed[0].privilege, (Cow::Borrowed("DAV:"), "write"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(conditions[2], Condition::AclPrecondition("no-ace-conflict"));
        assert_eq!(conditions[3], Condition::ValidSyncToken);
        assert!(matches!(&conditions[4], Condition::NoUidConflict(Some(h)) if h.as_str() == "/c/dup.ics"));
        assert_eq!(conditions[5], Condition::CalDav("max-resource-size"));
        assert_eq!(conditions[6], Condition::Other { namespace: Cow::Borrowed("urn:x"), name: "custom" });
    }
}
