//! Pretty JSON straight from `Serialize`, byte for byte what
//! `serde_json::to_vec_pretty` writes for the same data turned into a
//! `serde_json::Value` and filled from the schema (as
//! [`crate::json::document_json`] does): object keys sorted (a `Value`'s map
//! is a `BTreeMap`) and every declared key present, `[]` for a list and
//! `null` otherwise.
//!
//! No `Value` is built. Arrays are written as serde hands their items over;
//! an object's values are written one after another, then moved into key
//! order in place with their keys, once the object ends.
//!
//! The outermost object is not held at all: its keys are read first (a pass
//! that serializes no value), then each member is serialized alone, in key
//! order, straight to the destination. Inside a member, the buffer goes to
//! the destination whenever no object is open in it, so a document's memory
//! is its largest table's JSON, not the whole file's.

use std::collections::HashMap;
use std::io::Write;

use serde::ser::Serialize;
use serde_json::{Error, Value};

mod key;
mod passes;
mod serializer;
#[cfg(test)]
mod tests;

#[cfg(test)]
pub(crate) use passes::to_vec;
pub(crate) use passes::to_writer;
use passes::{by_member, keys_of};

type Result<T> = std::result::Result<T, Error>;

/// What the schema's filling reads of one (resolved) schema.
struct Node {
    /// Declared properties sorted by name: name, node, whether a list.
    props: Vec<(String, usize, bool)>,
    /// The node of undeclared properties (an `additionalProperties` object).
    extra: Option<usize>,
    /// The node of list items.
    items: Option<usize>,
}

/// A JSON Schema reduced to what filling absent keys needs; node 0 is the root.
pub(crate) struct Schema {
    nodes: Vec<Node>,
}

impl Schema {
    /// The declared properties of `node` (none for an object outside the schema).
    fn props(&self, node: Option<usize>) -> &[(String, usize, bool)] {
        node.map_or(&[], |n| &self.nodes[n].props)
    }

    /// The nodes of `root`, its local `$ref`s followed as `fill_absent` does.
    pub(crate) fn compile(root: &Value) -> Schema {
        let mut schema = Schema { nodes: Vec::new() };
        schema.node(root, root, &mut HashMap::new());
        schema
    }

    fn node(&mut self, schema: &Value, root: &Value, seen: &mut HashMap<usize, usize>) -> usize {
        let schema = crate::json::resolve(schema, root);
        // A `$defs` entry is one node however often it is referred to.
        let address = std::ptr::from_ref(schema) as usize;
        if let Some(&id) = seen.get(&address) {
            return id;
        }
        let id = self.nodes.len();
        seen.insert(address, id);
        self.nodes.push(Node {
            props: Vec::new(),
            extra: None,
            items: None,
        });
        let mut props = Vec::new();
        if let Some(Value::Object(declared)) = schema.get("properties") {
            for (name, sub) in declared {
                let sub = crate::json::resolve(sub, root);
                let list = crate::json::empty(sub).is_array();
                props.push((name.clone(), self.node(sub, root, seen), list));
            }
        }
        let extra = match schema.get("additionalProperties") {
            Some(sub @ Value::Object(_)) => Some(self.node(sub, root, seen)),
            _ => None,
        };
        let items = schema.get("items").map(|sub| self.node(sub, root, seen));
        self.nodes[id] = Node {
            props,
            extra,
            items,
        };
        id
    }

    /// The node of the value under `key` of an object of node `n`.
    fn child(&self, n: usize, key: &str) -> Option<usize> {
        let node = &self.nodes[n];
        match node
            .props
            .binary_search_by(|(name, _, _)| name.as_str().cmp(key))
        {
            Ok(i) => Some(node.props[i].1),
            Err(_) => node.extra,
        }
    }
}

/// One written member of an open object: its key in `keys`, its value in `out`.
struct Entry {
    key: (usize, usize),
    value: (usize, usize),
}

fn key_of<'k>(keys: &'k str, e: &Entry) -> &'k str {
    &keys[e.key.0..e.key.1]
}

/// The state of one open object.
struct Frame {
    start: usize,
    entries: usize,
    keys: usize,
    node: Option<usize>,
}

/// What a pass of the writer does with the outermost object's members.
enum Pass {
    /// Buffer them, and move them into key order at the end.
    Buffer,
    /// Record their keys and serialize no value.
    Keys(Vec<String>),
    /// Serialize only the member at this place in serde's order.
    Member { target: usize, seen: usize },
}

/// Where a writer's outermost value sits.
#[derive(Clone, Copy)]
struct At {
    /// Its schema node.
    node: Option<usize>,
    /// Its nesting depth.
    depth: usize,
    /// Whether the items of its members' arrays are written member by
    /// member too (only the outermost object's: a table, a fact).
    items: bool,
}

/// Buffered output goes to the destination in pieces of about this size.
const DRAIN: usize = 1 << 16;

/// The writer; `&mut Writer` is the serde `Serializer`.
pub(crate) struct Writer<'s> {
    out: Vec<u8>,
    /// Where `out` is drained when no object is open in it (the member passes).
    dest: Option<&'s mut dyn Write>,
    pass: Pass,
    /// Objects open in `out`, the outermost one included.
    open: usize,
    /// Whether the outermost value is a plain object (a map or a struct).
    top_object: bool,
    /// The depth of the outermost value.
    base: usize,
    /// Whether the items of the outermost object's arrays are written
    /// member by member.
    items: bool,
    schema: &'s Schema,
    /// The schema node of the value about to be written.
    next: Option<usize>,
    /// The nesting depth of the value being written.
    depth: usize,
    /// The keys of the open objects' members.
    keys: String,
    entries: Vec<Entry>,
    /// An object's values while they are moved into key order.
    scratch: Vec<u8>,
    /// The outermost object, once its values are written: [`to_writer`]
    /// puts its members in order straight into the destination.
    top: Option<Frame>,
}

impl<'s> Writer<'s> {
    fn new(schema: &'s Schema, pass: Pass, dest: Option<&'s mut dyn Write>, at: At) -> Writer<'s> {
        Writer {
            out: Vec::new(),
            dest,
            pass,
            open: 0,
            top_object: false,
            base: at.depth,
            items: at.items,
            schema,
            next: at.node,
            depth: at.depth,
            keys: String::new(),
            entries: Vec::new(),
            scratch: Vec::new(),
            top: None,
        }
    }
}

fn indent<W: Write + ?Sized>(out: &mut W, depth: usize) -> Result<()> {
    for _ in 0..depth {
        put(out, b"  ")?;
    }
    Ok(())
}

fn put<W: Write + ?Sized>(out: &mut W, bytes: &[u8]) -> Result<()> {
    out.write_all(bytes).map_err(Error::io)
}

impl Writer<'_> {
    fn begin_object(&mut self) -> Frame {
        self.open += 1;
        Frame {
            start: self.out.len(),
            entries: self.entries.len(),
            keys: self.keys.len(),
            node: self.next.take(),
        }
    }

    fn push_key(&mut self, key: &str) -> (usize, usize) {
        let start = self.keys.len();
        self.keys.push_str(key);
        (start, self.keys.len())
    }

    /// Writes the value of the member whose key is at `key`.
    fn member<T: Serialize + ?Sized>(
        &mut self,
        frame: &Frame,
        key: (usize, usize),
        value: &T,
    ) -> Result<()> {
        if self.depth == self.base {
            match &mut self.pass {
                Pass::Buffer => {}
                Pass::Keys(found) => {
                    found.push(self.keys[key.0..key.1].to_string());
                    self.keys.truncate(key.0);
                    return Ok(());
                }
                Pass::Member { target, seen } => {
                    let this = *seen == *target;
                    *seen += 1;
                    if !this {
                        self.keys.truncate(key.0);
                        return Ok(());
                    }
                    // The value goes to the destination; the key was written.
                    self.next = frame
                        .node
                        .and_then(|n| self.schema.child(n, &self.keys[key.0..key.1]));
                    self.keys.truncate(key.0);
                    self.depth += 1;
                    value.serialize(&mut *self)?;
                    self.depth -= 1;
                    return Ok(());
                }
            }
        }
        self.next = frame
            .node
            .and_then(|n| self.schema.child(n, &self.keys[key.0..key.1]));
        let start = self.out.len();
        self.depth += 1;
        value.serialize(&mut *self)?;
        self.depth -= 1;
        let value = (start, self.out.len());
        self.entries.push(Entry { key, value });
        Ok(())
    }

    /// Rewrites the object's values as its members in key order, with the
    /// keys its schema declares and it lacks. The outermost object is left
    /// for [`to_writer`], which writes it to its destination directly.
    fn end_object(&mut self, frame: Frame) -> Result<()> {
        self.open -= 1;
        if self.depth == self.base && !matches!(self.pass, Pass::Buffer) {
            // The outermost object of a keys or member pass: its members
            // were recorded or written as they came.
            return Ok(());
        }
        let keys = self.keys.as_str();
        let entries = &mut self.entries[frame.entries..];
        let key = |e: &Entry| key_of(keys, e);
        if !entries.windows(2).all(|p| key(&p[0]) < key(&p[1])) {
            entries.sort_by(|a, b| key(a).cmp(key(b)));
        }
        if self.depth == 0 && frame.start == 0 {
            self.top = Some(frame);
            return Ok(());
        }
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.out[frame.start..]);
        self.out.truncate(frame.start);
        let object = Object {
            src: &self.scratch,
            base: frame.start,
            keys,
            entries,
            props: self.schema.props(frame.node),
            depth: self.depth,
        };
        object.write(&mut self.out)?;
        self.entries.truncate(frame.entries);
        self.keys.truncate(frame.keys);
        Ok(())
    }

    /// Opens the object `{variant: …}` of an enum variant with data and
    /// readies its one member's value.
    fn begin_variant(&mut self, variant: &str) -> Outer {
        let frame = self.begin_object();
        let key = self.push_key(variant);
        self.next = frame
            .node
            .and_then(|n| self.schema.child(n, &self.keys[key.0..key.1]));
        self.depth += 1;
        Outer {
            start: self.out.len(),
            frame,
            key,
        }
    }

    fn end_variant(&mut self, outer: Outer) -> Result<()> {
        self.depth -= 1;
        let value = (outer.start, self.out.len());
        self.entries.push(Entry {
            key: outer.key,
            value,
        });
        self.end_object(outer.frame)
    }

    fn begin_array(&mut self) -> Option<usize> {
        self.out.push(b'[');
        self.next.take().and_then(|n| self.schema.nodes[n].items)
    }

    /// Moves the buffer to the destination, if there is one.
    fn drain(&mut self) -> Result<()> {
        if let Some(dest) = self.dest.as_mut() {
            put(dest, &self.out)?;
            self.out.clear();
        }
        Ok(())
    }

    fn primitive<T: Serialize>(&mut self, value: T) -> Result<()> {
        serde_json::to_writer(&mut self.out, &value)
    }
}

/// An object whose member values are written, in the order serde gave
/// them, in `src` (the writer's output from byte `base` on).
struct Object<'a> {
    src: &'a [u8],
    base: usize,
    keys: &'a str,
    /// The members, sorted by key.
    entries: &'a [Entry],
    props: &'a [(String, usize, bool)],
    depth: usize,
}

impl Object<'_> {
    /// Writes the object with its members in key order and the absent
    /// declared keys filled.
    fn write<W: Write>(&self, out: &mut W) -> Result<()> {
        let (entries, depth) = (self.entries, self.depth);
        let key = |e: &Entry| key_of(self.keys, e);
        let props = self.props;
        put(out, b"{")?;
        let mut first = true;
        let mut member = |out: &mut W, name: &str, value: &[u8]| -> Result<()> {
            put(out, if first { b"\n" } else { b",\n" })?;
            first = false;
            indent(out, depth + 1)?;
            serde_json::to_writer(&mut *out, name)?;
            put(out, b": ")?;
            put(out, value)?;
            Ok(())
        };
        let (mut p, mut e) = (0, 0);
        while p < props.len() || e < entries.len() {
            let (name, _, list) = props
                .get(p)
                .map_or(("", 0, false), |(n, i, l)| (&**n, *i, *l));
            let here = entries.get(e).map(&key);
            match here {
                Some(k) if p == props.len() || k <= name => {
                    p += usize::from(k == name);
                    e += 1;
                    // Of members with one key, the last written stays, as in a map.
                    if entries.get(e).map(&key) != Some(k) {
                        let (a, b) = entries[e - 1].value;
                        member(out, k, &self.src[a - self.base..b - self.base])?;
                    }
                }
                _ => {
                    p += 1;
                    member(out, name, if list { b"[]" } else { b"null" })?;
                }
            }
        }
        if !first {
            put(out, b"\n")?;
            indent(out, depth)?;
        }
        put(out, b"}")?;
        Ok(())
    }
}

/// The object around an enum variant's data.
struct Outer {
    start: usize,
    frame: Frame,
    key: (usize, usize),
}

/// An open array (`outer` for a tuple variant's).
pub(crate) struct Seq<'a, 's> {
    w: &'a mut Writer<'s>,
    items: Option<usize>,
    first: bool,
    outer: Option<Outer>,
}

/// An open object (`outer` for a struct variant's).
pub(crate) struct Obj<'a, 's> {
    w: &'a mut Writer<'s>,
    frame: Frame,
    key: (usize, usize),
    outer: Option<Outer>,
}

impl Seq<'_, '_> {
    fn element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<()> {
        let w = &mut *self.w;
        w.out
            .extend_from_slice(if self.first { b"\n" } else { b",\n" });
        self.first = false;
        indent(&mut w.out, w.depth + 1)?;
        // An item of an array that is a member of the outermost object (a
        // table of the document's `tables`) is written member by member.
        if w.items && w.depth == w.base + 1 && w.open <= 1 {
            if let (Pass::Member { .. }, Some(dest)) = (&w.pass, w.dest.as_mut()) {
                let at = At {
                    node: self.items,
                    depth: w.depth + 1,
                    items: false,
                };
                if let Some(keys) = keys_of(value, w.schema, at)? {
                    put(&mut **dest, &w.out)?;
                    w.out.clear();
                    return by_member(value, w.schema, at, &keys, &mut **dest);
                }
            }
        }
        w.next = self.items;
        w.depth += 1;
        value.serialize(&mut *w)?;
        w.depth -= 1;
        // With only the outermost object open (it is not in the buffer),
        // nothing written will move again.
        if w.open <= 1 && w.out.len() >= DRAIN {
            w.drain()?;
        }
        Ok(())
    }

    fn close(self) -> Result<()> {
        let w = self.w;
        if !self.first {
            w.out.push(b'\n');
            indent(&mut w.out, w.depth)?;
        }
        w.out.push(b']');
        match self.outer {
            Some(outer) => w.end_variant(outer),
            None => Ok(()),
        }
    }
}

impl Obj<'_, '_> {
    fn close(self) -> Result<()> {
        self.w.end_object(self.frame)?;
        match self.outer {
            Some(outer) => self.w.end_variant(outer),
            None => Ok(()),
        }
    }
}

impl<'a, 's> Writer<'s> {
    fn seq(&'a mut self, outer: Option<Outer>) -> Seq<'a, 's> {
        let items = self.begin_array();
        Seq {
            w: self,
            items,
            first: true,
            outer,
        }
    }

    fn obj(&'a mut self, outer: Option<Outer>) -> Obj<'a, 's> {
        if self.depth == self.base && self.open == 0 && outer.is_none() {
            self.top_object = true;
        }
        let frame = self.begin_object();
        Obj {
            w: self,
            frame,
            key: (0, 0),
            outer,
        }
    }
}
