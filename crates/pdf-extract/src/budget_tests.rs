//! The load filter's rules (PATCHES 17, 20, 21) on generated files.

use lopdf::{dictionary, Document, Object};

/// A file with a structure element, an attribute object, and two
/// dictionaries with `/O` that are not attributes.
fn tagged() -> (Vec<u8>, [lopdf::ObjectId; 4]) {
    let mut doc = Document::with_version("1.5");
    let attributes = doc.add_object(dictionary! {"O" => "Table", "RowSpan" => 2});
    let element = doc.add_object(dictionary! {"S" => "TD", "P" => Object::Reference((9, 0)), "A" => attributes});
    let password = doc.add_object(dictionary! {"O" => Object::string_literal("owner")});
    let typed = doc.add_object(dictionary! {"Type" => "Annot", "O" => "Table"});
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saved");
    (bytes, [attributes, element, password, typed])
}

#[test]
fn structure_elements_and_attributes_load_as_null_and_nothing_else_does() {
    let (bytes, [attributes, element, password, typed]) = tagged();
    let doc = super::load_mem(&bytes).expect("loads");
    assert_eq!(doc.objects.get(&attributes), Some(&Object::Null));
    assert_eq!(doc.objects.get(&element), Some(&Object::Null));
    assert!(matches!(doc.objects.get(&password), Some(Object::Dictionary(_))));
    assert!(matches!(doc.objects.get(&typed), Some(Object::Dictionary(_))));
}

#[test]
fn truetype_programs_load_as_null_and_other_streams_do_not() {
    use lopdf::Stream;
    let mut doc = Document::with_version("1.5");
    let program = |dict| Object::Stream(Stream::new(dict, vec![0; 64]));
    let truetype = doc.add_object(program(dictionary! {"Length1" => 64}));
    let type1 = doc.add_object(program(dictionary! {"Length1" => 20, "Length2" => 40, "Length3" => 4}));
    let cff = doc.add_object(program(dictionary! {"Subtype" => "Type1C"}));
    let content = doc.add_object(program(dictionary! {}));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("saved");
    let doc = super::load_mem(&bytes).expect("loads");
    assert_eq!(doc.objects.get(&truetype), Some(&Object::Null));
    for kept in [type1, cff, content] {
        let Some(Object::Stream(s)) = doc.objects.get(&kept) else {
            panic!("{kept:?} was not kept");
        };
        assert_eq!(s.content.len(), 64);
    }
}
