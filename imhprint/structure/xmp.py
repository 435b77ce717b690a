"""The document's XMP metadata: its title and language, and that it claims PDF/UA-1.

One function, so that a press build can add its own identification (PDF/X) here: pass
``extra`` properties, each ``(namespace prefix, namespace URI, name, value)``.
"""

from __future__ import annotations

from collections.abc import Sequence

from ..xmlquote import escape, quoteattr

XmpProperty = tuple[str, str, str, str]

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}


def xmp_packet(title: str, language: str, producer: str,
               extra: Sequence[XmpProperty] = ()) -> bytes:
    """An XMP packet, the same bytes for the same arguments (no dates, no random ids)."""
    namespaces = dict(NAMESPACES)
    namespaces.update({prefix: uri for prefix, uri, _, _ in extra})
    declarations = "".join(f"\n    xmlns:{prefix}={quoteattr(uri)}"
                           for prefix, uri in namespaces.items())
    extras = "".join(f"\n   <{prefix}:{name}>{escape(value)}</{prefix}:{name}>"
                     for prefix, _, name, value in extra)
    body = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""{declarations}>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
   <dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>
   <dc:format>application/pdf</dc:format>
   <pdf:Producer>{escape(producer)}</pdf:Producer>
   <pdfuaid:part>1</pdfuaid:part>{extras}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    return body.encode("utf-8")
