"""Signs: sign families, paired-language layout, fit checks, QR codes and print PDFs.

Reads the same records and catalogues as the website; never imports mkdocs. The modules:

- `types`: the sign families of ``sites/sign-types.yml`` (sizes, colours, fonts, language
  policy, slots) and the legibility rule;
- `fonts`: fonts named by family, found through fontconfig, measured with fontTools;
- `content`: a sign record resolved into its texts (per language, with review state),
  directions and QR target; reference problems;
- `layout`: the HTML (Jinja, ``templates/signs/``) and the fit search on WeasyPrint's layout;
- `pdf`: proof and press PDFs (boxes, crop marks, determinism);
- `proofbook`, `build` (cache, jobs, summary), `cli` (``corridor signs``), `room` (i18n hook).
"""
