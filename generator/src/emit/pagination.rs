//! Model → the page walker of a list operation (`x-pagination`): a struct
//! of the arguments every page keeps, a `Client` method that starts the
//! walk, and the walker whose `next_page().await` asks for one page after
//! another. No stream crate is needed: the walker is a plain struct.

use proc_macro2::TokenStream;
use quote::quote;

use super::client::status_variant_name;
use super::tokens::{doc, ident, value_type};
use crate::model::{Operation, PageField, PageStyle, Pagination, Parameter, TypeRef};

/// The walker's method on `Client` (goes inside `impl Client`).
pub(super) fn walk_method(op: &Operation) -> Option<TokenStream> {
    let pages = op.pagination.as_ref()?;
    let method = ident(&pages.method);
    let query = ident(&pages.query_type);
    let walker = ident(&pages.pages_type);
    let list = &op.rust_name;
    let (start, stop) = match &pages.style {
        PageStyle::Number {
            parameter, first, ..
        } => (
            format!("`{parameter}` {first}, {}, ...", first.saturating_add(1)),
            number_stop_words(pages),
        ),
        PageStyle::Cursor { parameter, .. } => (
            format!("no `{parameter}` first, then the cursor each page names"),
            cursor_stop_words(pages),
        ),
    };
    let docs = doc(Some(&format!(
        "Walks every page of [`Client::{list}`]: asks for {start}, each with the same `query` (filters, page size, headers). The walk ends {stop}.\n\n\
         Call [`{walker}::next_page`] until it returns `Ok(None)`; each request goes out only when the page is asked for."
    )));
    let initial = match &pages.style {
        PageStyle::Number { first, total, .. } => {
            let first = proc_macro2::Literal::i64_unsuffixed(*first);
            let seen = total.is_some().then(|| quote!(seen: 0,));
            quote!(next: Some(#first), #seen)
        }
        PageStyle::Cursor { .. } => quote!(next: Some(None),),
    };
    Some(quote! {
        #docs
        pub fn #method(&self, query: #query) -> #walker<'_> {
            #walker { client: self, query, #initial }
        }
    })
}

/// The query struct and the walker (top-level items of `client.rs`).
pub(super) fn walk_types(op: &Operation) -> Option<TokenStream> {
    let pages = op.pagination.as_ref()?;
    let selector = selector(pages);
    let kept: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.rust_name != selector)
        .collect();
    let query_struct = query_struct(op, pages, &kept);
    let walker = walker(op, pages);
    Some(quote!(#query_struct #walker))
}

fn selector(pages: &Pagination) -> &str {
    match &pages.style {
        PageStyle::Number { parameter, .. } | PageStyle::Cursor { parameter, .. } => parameter,
    }
}

fn query_struct(op: &Operation, pages: &Pagination, kept: &[&Parameter]) -> TokenStream {
    let name = ident(&pages.query_type);
    let fields = kept.iter().map(|p| {
        let field = ident(&p.rust_name);
        let ty = value_type(&p.expr);
        let ty = if p.required { ty } else { quote!(Option<#ty>) };
        let docs = doc(Some(&format!(
            "`{}`{}",
            p.wire_name,
            p.doc.as_ref().map(|d| format!(": {d}")).unwrap_or_default()
        )));
        quote!(#docs pub #field: #ty,)
    });
    let default = kept.iter().all(|p| !p.required).then(|| quote!(Default,));
    let docs = doc(Some(&format!(
        "The arguments of [`Client::{}`] but `{}`, which [`Client::{}`] sends unchanged with every page.",
        op.rust_name,
        selector(pages),
        pages.method
    )));
    quote! {
        #docs
        #[derive(Debug, Clone, #default PartialEq)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn walker(op: &Operation, pages: &Pagination) -> TokenStream {
    let name = ident(&pages.pages_type);
    let query = ident(&pages.query_type);
    let list = ident(&op.rust_name);
    let selector_name = selector(pages);
    let arguments = op.parameters.iter().map(|p| {
        if p.rust_name == selector_name {
            // A cursor is already optional (none on the first page); the
            // model refuses a required cursor parameter.
            let cursor = matches!(pages.style, PageStyle::Cursor { .. });
            return if p.required || cursor {
                quote!(selector)
            } else {
                quote!(Some(selector))
            };
        }
        kept_argument(p)
    });
    let page_type = page_type(op);
    let advance = match &pages.style {
        PageStyle::Number { .. } => quote!(self.after(selector, body)),
        PageStyle::Cursor { .. } => quote!(self.after(body)),
    };
    let selector_value = match &pages.style {
        PageStyle::Number { .. } => quote!(let selector = *next;),
        PageStyle::Cursor { .. } => quote!(let selector = next.as_deref();),
    };
    let (handle, returned) = match &op.outcome_type {
        Some(outcomes) => {
            let outcomes = ident(outcomes);
            let variant = ident(&status_variant_name(&pages.status));
            let pattern = if pages.status.parse::<u16>().is_ok() {
                quote!(#outcomes::#variant(body))
            } else {
                quote!(#outcomes::#variant { body, .. })
            };
            (
                quote! {
                    // Anything but a page ends the walk, after it is returned.
                    self.next = match &outcome {
                        #pattern => #advance,
                        _ => None,
                    };
                },
                quote!(#outcomes),
            )
        }
        None => (
            quote! {
                let body = &outcome;
                self.next = #advance;
            },
            page_type.clone(),
        ),
    };
    let (state, after) = match &pages.style {
        PageStyle::Number { total, .. } => (
            {
                let seen = total.is_some().then(|| {
                    quote! {
                        /// Items returned so far, compared with the total.
                        seen: i64,
                    }
                });
                quote! {
                    /// The number of the page to ask for next; `None` once the walk is over.
                    next: Option<i64>,
                    #seen
                }
            },
            number_after(pages, &page_type),
        ),
        PageStyle::Cursor { .. } => (
            quote! {
                /// The cursor to ask with next (`Some(None)`: the first page); `None` once the walk is over.
                next: Option<Option<String>>,
            },
            cursor_after(pages, &page_type),
        ),
    };
    let docs = doc(Some(&format!(
        "The pages of [`Client::{}`], one request per [`{}::next_page`]; made by [`Client::{}`].",
        op.rust_name, pages.pages_type, pages.method
    )));
    let next_docs = doc(Some(
        "Asks for the next page. `Ok(None)` once the walk is over: after the last page, or after an outcome that is not a page (a documented refusal, returned once).\n\n\
         An `Err` (a timeout, a broken connection) leaves the walk where it was: calling again asks for the same page.",
    ));
    quote! {
        #docs
        #[derive(Debug)]
        pub struct #name<'c> {
            client: &'c Client,
            query: #query,
            #state
        }

        impl #name<'_> {
            /// The arguments every page is asked with.
            pub fn query(&self) -> &#query {
                &self.query
            }

            #next_docs
            pub async fn next_page(&mut self) -> Result<Option<#returned>, Error> {
                let Some(next) = &self.next else {
                    return Ok(None);
                };
                #selector_value
                let query = &self.query;
                let outcome = self.client.#list(#(#arguments),*).await?;
                #handle
                Ok(Some(outcome))
            }

            #after
        }
    }
}

/// The argument passed for a parameter the query struct keeps.
fn kept_argument(p: &Parameter) -> TokenStream {
    let field = ident(&p.rust_name);
    let scalar = matches!(
        p.expr.ty,
        TypeRef::Integer(_) | TypeRef::Number(_) | TypeRef::Boolean
    );
    match (p.required, scalar, &p.expr.ty) {
        (_, true, _) => quote!(query.#field),
        (true, false, _) => quote!(&query.#field),
        (false, false, TypeRef::String) => quote!(query.#field.as_deref()),
        (false, false, _) => quote!(query.#field.as_ref()),
    }
}

/// The type of the page's body.
fn page_type(op: &Operation) -> TokenStream {
    let status = op
        .pagination
        .as_ref()
        .map(|p| p.status.as_str())
        .unwrap_or("200");
    op.responses
        .iter()
        .find(|r| r.status == status)
        .and_then(|r| r.body.as_ref())
        .map_or_else(|| quote!(()), value_type)
}

/// `Option<&T>` of a body property, whatever `Option`s wrap it.
fn read(field: &PageField) -> TokenStream {
    let name = ident(&field.rust_name);
    let deref = field.boxed.then(|| quote!(.map(|value| &**value)));
    match field.options {
        0 if field.boxed => quote!(Some(&*body.#name)),
        0 => quote!(Some(&body.#name)),
        1 => quote!(body.#name.as_ref() #deref),
        _ => quote!(body.#name.as_ref().and_then(Option::as_ref) #deref),
    }
}

/// `return None` from `after` when `check` holds for the property's value,
/// bound to `binding` (a reference); an absent or null property holds nothing.
fn stop_if(field: &PageField, binding: TokenStream, check: TokenStream) -> TokenStream {
    if field.options == 0 {
        let name = ident(&field.rust_name);
        let value = if field.boxed {
            quote!(&*body.#name)
        } else {
            quote!(&body.#name)
        };
        quote! {
            let #binding = #value;
            if #check {
                return None;
            }
        }
    } else {
        let value = read(field);
        quote! {
            if let Some(#binding) = #value {
                if #check {
                    return None;
                }
            }
        }
    }
}

/// The number of items on the page (an absent list has none).
fn items_count(pages: &Pagination) -> TokenStream {
    let field = &pages.items;
    let name = ident(&field.rust_name);
    let len = match field.options {
        0 => quote!(body.#name.len()),
        _ => {
            let items = read(field);
            quote!(#items.map_or(0, Vec::len))
        }
    };
    quote!(i64::try_from(#len).unwrap_or(i64::MAX))
}

/// A compared integer as `i64`.
fn widened(field: &PageField, value: TokenStream) -> TokenStream {
    if field.int32 {
        quote!(i64::from(#value))
    } else {
        value
    }
}

fn number_after(pages: &Pagination, page_type: &TokenStream) -> TokenStream {
    let PageStyle::Number {
        last_page, total, ..
    } = &pages.style
    else {
        return quote!();
    };
    let count = items_count(pages);
    let last_check = last_page.as_ref().map(|field| {
        let last = widened(field, quote!(*last));
        stop_if(field, quote!(last), quote!(page >= #last))
    });
    let total_check = total.as_ref().map(|field| {
        let total = widened(field, quote!(*total));
        stop_if(field, quote!(total), quote!(self.seen >= #total))
    });
    let seen = total
        .is_some()
        .then(|| quote!(self.seen = self.seen.saturating_add(items);));
    let receiver = if total.is_some() {
        quote!(&mut self)
    } else {
        quote!(&self)
    };
    quote! {
        /// The page after `page`, or `None` when `body` is the last one.
        fn after(#receiver, page: i64, body: &#page_type) -> Option<i64> {
            let items = #count;
            if items == 0 {
                return None;
            }
            #seen
            #last_check
            #total_check
            page.checked_add(1)
        }
    }
}

fn cursor_after(pages: &Pagination, page_type: &TokenStream) -> TokenStream {
    let PageStyle::Cursor {
        next_cursor,
        has_more,
        ..
    } = &pages.style
    else {
        return quote!();
    };
    let count = items_count(pages);
    let cursor = read(next_cursor);
    let more_check = has_more
        .as_ref()
        .map(|field| stop_if(field, quote!(more), quote!(!*more)));
    quote! {
        /// The cursor of the page after `body`, or `None` when it is the last one.
        fn after(&self, body: &#page_type) -> Option<Option<String>> {
            if #count == 0 {
                return None;
            }
            #more_check
            let cursor = #cursor.filter(|cursor| !cursor.is_empty())?;
            // A page that names its own cursor again would repeat forever.
            if self.next.as_ref().and_then(Option::as_ref) == Some(cursor) {
                return None;
            }
            Some(Some(cursor.clone()))
        }
    }
}

fn number_stop_words(pages: &Pagination) -> String {
    let PageStyle::Number {
        last_page, total, ..
    } = &pages.style
    else {
        return String::new();
    };
    let mut ends = vec![format!(
        "after a page whose `{}` is empty",
        pages.items.wire_name
    )];
    if let Some(last) = last_page {
        ends.push(format!("at the page number `{}` names", last.wire_name));
    }
    if let Some(total) = total {
        ends.push(format!(
            "once the items returned reach `{}`",
            total.wire_name
        ));
    }
    ends.join(", ")
}

fn cursor_stop_words(pages: &Pagination) -> String {
    let PageStyle::Cursor {
        next_cursor,
        has_more,
        ..
    } = &pages.style
    else {
        return String::new();
    };
    let mut ends = vec![
        format!("after a page whose `{}` is empty", pages.items.wire_name),
        format!(
            "when `{}` is absent, null, empty or the cursor just used",
            next_cursor.wire_name
        ),
    ];
    if let Some(more) = has_more {
        ends.push(format!("when `{}` is false", more.wire_name));
    }
    ends.join(", ")
}
