//! Model → the documented result codes of an API (`codes.rs` of its
//! module), for specs that declare `x-response-codes`: one table and one
//! lookup function per field. The types live in the crate's `codes`
//! runtime module.

use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

use super::tokens::{doc, ident, inner_doc, string_literal};
use crate::model::{ApiModel, CodeEntry, CodeKey, CodeOutcome, CodeTable};
use crate::text::visible_line;

pub fn emit_codes(model: &ApiModel) -> Option<TokenStream> {
    if model.code_tables.is_empty() {
        return None;
    }
    let about = inner_doc(&format!(
        "Documented result codes of {}: one table per field, and a lookup.\n\n\
         A code whose outcome is [`CodeOutcome::Unclear`] means the payment may or may not have gone through: \
         reconcile with the status look-up and act on what it reports; never retry such a payment blindly.",
        model.title
    ));
    let tables = model.code_tables.iter().map(table);
    Some(quote! {
        #about

        pub use crate::codes::{Code, CodeOutcome, ResponseCode};

        #(#tables)*
    })
}

fn table(table: &CodeTable) -> TokenStream {
    let constant = format_ident!("{}", table.name.to_uppercase());
    let lookup = ident(&table.name);
    let entries = table.entries.iter().map(entry);
    let mut text = format!(
        "The documented codes of `{}`, in the spec's order.\n\n| code | outcome | meaning | source |\n|---|---|---|---|",
        table.place
    );
    for e in &table.entries {
        text.push_str(&format!(
            "\n| {} | {} | {} | {} |",
            code_words(&e.code),
            outcome_words(e.outcome),
            cell(&e.meaning),
            e.source.as_deref().map(cell).unwrap_or_default()
        ));
    }
    let unclear = table
        .entries
        .iter()
        .any(|e| e.outcome == CodeOutcome::Unclear);
    if unclear {
        text.push_str("\n\nThe codes marked unclear leave the payment's result open: reconcile with the status look-up, never retry blindly.");
    }
    let table_docs = doc(Some(&text));
    let (argument, find) = if table.text_codes {
        (quote!(code: &str), quote!(crate::codes::find_text))
    } else {
        (quote!(code: i64), quote!(crate::codes::find_number))
    };
    let lookup_docs = doc(Some(&format!(
        "What a `{}` code means: its own entry, else the narrowest documented range that holds it; `None` for a code the documents do not list. See [`{constant}`].",
        table.place
    )));
    quote! {
        #table_docs
        pub const #constant: &[ResponseCode] = &[#(#entries),*];

        #lookup_docs
        pub fn #lookup(#argument) -> Option<&'static ResponseCode> {
            #find(#constant, code)
        }
    }
}

fn entry(e: &CodeEntry) -> TokenStream {
    let code = match &e.code {
        CodeKey::Integer(n) => {
            let n = integer(*n);
            quote!(Code::Number(#n))
        }
        CodeKey::Range(first, last) => {
            let (first, last) = (integer(*first), integer(*last));
            quote!(Code::Range { first: #first, last: #last })
        }
        CodeKey::Text(text) => {
            let text = string_literal(text);
            quote!(Code::Text(#text))
        }
    };
    let outcome = match e.outcome {
        CodeOutcome::Approved => quote!(Approved),
        CodeOutcome::Declined => quote!(Declined),
        CodeOutcome::Unclear => quote!(Unclear),
        CodeOutcome::Error => quote!(Error),
    };
    let meaning = string_literal(&e.meaning);
    quote!(ResponseCode { code: #code, outcome: CodeOutcome::#outcome, meaning: #meaning })
}

/// An integer literal; a negative one as `-` and its magnitude, which
/// is how Rust source writes it.
fn integer(n: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(n.unsigned_abs());
    if n < 0 {
        quote!(-#magnitude)
    } else {
        quote!(#magnitude)
    }
}

fn code_words(code: &CodeKey) -> String {
    match code {
        CodeKey::Integer(n) => format!("`{n}`"),
        CodeKey::Range(first, last) => format!("`{first}` to `{last}`"),
        CodeKey::Text(text) => format!("`{}`", cell(text)),
    }
}

pub(crate) fn outcome_words(outcome: CodeOutcome) -> &'static str {
    match outcome {
        CodeOutcome::Approved => "approved",
        CodeOutcome::Declined => "declined",
        CodeOutcome::Unclear => "**unclear**",
        CodeOutcome::Error => "error",
    }
}

/// Text for one Markdown table cell: on one line, its pipes escaped.
fn cell(text: &str) -> String {
    visible_line(text).replace('|', "\\|")
}
