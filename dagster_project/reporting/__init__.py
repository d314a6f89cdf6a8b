"""The monthly performance report (HTML, XLSX, PDF) and the team managers' exception lists.

Belongs here: turning the published marts into what councillors and managers
read. One module per job: `loading` (read the marts), `themes` (which page an
indicator is on), `formatting` (values, RAG colours, arrows), `charts`
(13-month trend SVGs), `chart_worker` (the child process that renders them),
`html`, `xlsx`, `pdf`, `publishing` (dated folder and atomic `latest`),
`build` (the night's report) and `exception_lists` (the restricted
child-level lists, written only through dagster_project.restricted).
"""
