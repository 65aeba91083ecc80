//! RFC 4918 §14 (and RFC 6578 §6.4) as a pure function: what an element
//! is, from its parent and its name. The machine does what the answer says.
//!
//! ```text
//! multistatus  (response*, responsedescription?, sync-token?)   §14.16
//! response     (href, ((href*, status) | (propstat+)), error?,
//!               responsedescription?, location?)                  §14.24
//! propstat     (prop, status, error?, responsedescription?)       §14.22
//! ```
//!
//! Children may come in any order and unknown ones are skipped (§17);
//! what breaks the content model is the machine's to report, as warnings.

/// What an open element is, which decides what its children may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Multistatus,
    Response,
    Propstat,
    /// An element kept in the current tree (property, href, status, …).
    Kept(u32),
    /// Unknown at a structural level: validated, then forgotten (RFC 4918 §17).
    Skipped,
}

/// What an element is, given its parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Child {
    /// `DAV:multistatus` as the root element.
    Root,
    /// Any other root element (or a `DAV:multistatus` in no namespace, which
    /// a lenient parse takes): the machine decides.
    OtherRoot,
    /// `DAV:response` in the multistatus (§14.24).
    Response,
    /// `DAV:href` in a response (§14.7): one or more.
    Href,
    /// `DAV:propstat` in a response (§14.22).
    Propstat,
    /// `DAV:prop` in a propstat (§14.18).
    Prop,
    /// An element that may appear once in its parent.
    Once(Slot),
    /// Inside a kept element (a property value, an href's text): kept, under it.
    Value(u32),
    /// Unknown at a structural level: skipped with its subtree (§17).
    Skipped,
}

/// The elements that may appear once in their parent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Slot {
    DocumentDescription,
    SyncToken,
    ResponseStatus,
    ResponseError,
    ResponseDescription,
    Location,
    PropstatStatus,
    PropstatError,
    PropstatDescription,
}

impl Slot {
    /// The element's place, for warnings: `parent/name`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Slot::DocumentDescription => "multistatus/responsedescription",
            Slot::SyncToken => "multistatus/sync-token",
            Slot::ResponseStatus => "response/status",
            Slot::ResponseError => "response/error",
            Slot::ResponseDescription => "response/responsedescription",
            Slot::Location => "response/location",
            Slot::PropstatStatus => "propstat/status",
            Slot::PropstatError => "propstat/error",
            Slot::PropstatDescription => "propstat/responsedescription",
        }
    }
}

/// What an element named `local` (in `DAV:` when `is_dav`) is under
/// `parent` (`None`: it is the root).
#[inline]
pub(crate) fn child(parent: Option<Role>, is_dav: bool, local: &str) -> Child {
    let Some(parent) = parent else {
        return if is_dav && local == "multistatus" { Child::Root } else { Child::OtherRoot };
    };
    match (parent, is_dav) {
        (Role::Kept(id), _) => Child::Value(id),
        (Role::Skipped, _) | (_, false) => Child::Skipped,
        (Role::Multistatus, true) => match local {
            "response" => Child::Response,
            "responsedescription" => Child::Once(Slot::DocumentDescription),
            "sync-token" => Child::Once(Slot::SyncToken),
            _ => Child::Skipped,
        },
        (Role::Response, true) => match local {
            "href" => Child::Href,
            "status" => Child::Once(Slot::ResponseStatus),
            "propstat" => Child::Propstat,
            "error" => Child::Once(Slot::ResponseError),
            "responsedescription" => Child::Once(Slot::ResponseDescription),
            "location" => Child::Once(Slot::Location),
            _ => Child::Skipped,
        },
        (Role::Propstat, true) => match local {
            "prop" => Child::Prop,
            "status" => Child::Once(Slot::PropstatStatus),
            "error" => Child::Once(Slot::PropstatError),
            "responsedescription" => Child::Once(Slot::PropstatDescription),
            _ => Child::Skipped,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_must_be_dav_multistatus() {
        assert_eq!(child(None, true, "multistatus"), Child::Root);
        assert_eq!(child(None, false, "multistatus"), Child::OtherRoot);
        assert_eq!(child(None, true, "response"), Child::OtherRoot);
    }

    #[test]
    fn each_level_knows_its_children_by_dav_name() {
        let cases = [
            (Role::Multistatus, "response", Child::Response),
            (Role::Multistatus, "responsedescription", Child::Once(Slot::DocumentDescription)),
            (Role::Multistatus, "sync-token", Child::Once(Slot::SyncToken)),
            (Role::Multistatus, "href", Child::Skipped),
            (Role::Response, "href", Child::Href),
            (Role::Response, "status", Child::Once(Slot::ResponseStatus)),
            (Role::Response, "propstat", Child::Propstat),
            (Role::Response, "error", Child::Once(Slot::ResponseError)),
            (Role::Response, "responsedescription", Child::Once(Slot::ResponseDescription)),
            (Role::Response, "location", Child::Once(Slot::Location)),
            (Role::Response, "prop", Child::Skipped),
            (Role::Propstat, "prop", Child::Prop),
            (Role::Propstat, "status", Child::Once(Slot::PropstatStatus)),
            (Role::Propstat, "error", Child::Once(Slot::PropstatError)),
            (Role::Propstat, "responsedescription", Child::Once(Slot::PropstatDescription)),
            (Role::Propstat, "href", Child::Skipped),
        ];
        for (parent, local, expected) in cases {
            assert_eq!(child(Some(parent), true, local), expected, "{parent:?}/{local}");
            // Matched by namespace, never by prefix: the same names elsewhere are unknown.
            assert_eq!(child(Some(parent), false, local), Child::Skipped, "{parent:?}/{{other}}{local}");
        }
    }

    #[test]
    fn inside_kept_and_skipped_elements_anything_goes() {
        assert_eq!(child(Some(Role::Kept(7)), true, "response"), Child::Value(7));
        assert_eq!(child(Some(Role::Kept(7)), false, "x"), Child::Value(7));
        assert_eq!(child(Some(Role::Skipped), true, "response"), Child::Skipped);
    }
}
