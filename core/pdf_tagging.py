"""Three repairs to WeasyPrint's PDF/UA output, made as a `finisher` on the PDF it has built.

Runs in the render process (see core/pdf_worker.py) and imports no Django. WeasyPrint's
finisher is its documented hook: it gets the laid-out document and the PDF objects just before
they are written.

1. Running headers, footers and page numbers (the @page margin boxes) become artifacts.
   WeasyPrint marks their text as content with an MCID but leaves it out of the structure
   tree: a screen reader's "Side 1 af 4" on every page, and a checker's "running header tagged
   as content". PDF/UA-1 wants them as /Artifact /Pagination. Any marked content whose
   structure element the tree does not reach is exactly that, so it is re-marked as such.
2. Table header cells get the /Scope of their HTML `scope` attribute. WeasyPrint links data
   cells to header cells with /Headers but writes no /Scope, so a header that heads no data
   cell (such as "Fase" over a column of row headers) has neither.
3. Links (mailto: and web addresses) are printed as well as shown: WeasyPrint's link
   annotations carry no flags, and PDF/UA-1 (7.18.1) wants what the screen shows in print too.

WeasyPrint 70 does none of these (Kozea/WeasyPrint#1836, #2482); the portal's PDF/UA test
(tests/core/test_pdf_ua.py) checks the result with an independent checker, also after an
upgrade that might change what this repairs.
"""

import pydyf

PAGINATION = pydyf.Dictionary({"Type": "/Pagination"})
PRINT = 4  # annotation flag bit 3
SCOPES = {"row": "/Row", "rowgroup": "/Row"}  # every other header heads its column


def finish(document, pdf):
    if "StructTreeRoot" not in pdf.catalog:
        return  # not a tagged variant
    _margin_content_as_artifacts(pdf)
    _header_cells_with_scope(document)
    _links_printed(pdf)


def _object(pdf, reference):
    """The object a reference (b"12 0 R") points to; the object itself if it is none."""
    if isinstance(reference, bytes) and reference.endswith(b" R"):
        return pdf.objects[int(reference.split()[0])]
    return reference


def _reachable(pdf, root):
    """Object numbers of every structure element in the tree under `root`."""
    seen, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node.number in seen:
            continue
        seen.add(node.number)
        kids = node.get("K", ())
        for kid in kids if isinstance(kids, list) else [kids]:
            kid = _object(pdf, kid)
            if isinstance(kid, pydyf.Dictionary) and "S" in kid:
                todo.append(kid)
    return seen


def _margin_content_as_artifacts(pdf):
    root = _object(pdf, pdf.catalog["StructTreeRoot"])
    in_tree = _reachable(pdf, root)
    nums = _object(pdf, root["ParentTree"])["Nums"]
    for page_index, page_reference in enumerate(pdf.page_references):
        position = nums.index(page_index)  # pages come first: key, array of MCID parents
        parents = _object(pdf, nums[position + 1])
        orphans = {
            mcid
            for mcid, parent in enumerate(parents)
            if _object(pdf, parent).number not in in_tree
        }
        if not orphans:
            continue
        page = _object(pdf, page_reference)
        contents = _object(pdf, page["Contents"])
        operations = contents.stream
        for i in range(len(operations) - 2):
            properties = operations[i + 1]
            if (
                operations[i + 2] == b"BDC"
                and isinstance(properties, pydyf.Dictionary)
                and properties.get("MCID") in orphans
            ):
                operations[i] = "/Artifact"
                operations[i + 1] = PAGINATION
        for mcid in orphans:
            parents[mcid] = b"null"


def _boxes(box):
    yield box
    for child in getattr(box, "children", ()):
        yield from _boxes(child)


def _header_cells_with_scope(document):
    for page in document.pages:
        for box in _boxes(page._page_box):
            element = getattr(box, "mark", None)  # the cell's structure element (tags.py)
            if box.element is not None and box.element_tag == "th" and element is not None:
                scope = box.element.attrib.get("scope", "").strip().lower()
                element["A"]["Scope"] = SCOPES.get(scope, "/Column")


def _links_printed(pdf):
    for page_reference in pdf.page_references:
        for reference in _object(pdf, page_reference).get("Annots", ()):
            annotation = _object(pdf, reference)
            if annotation.get("Subtype") == "/Link":
                annotation["F"] = annotation.get("F", 0) | PRINT
