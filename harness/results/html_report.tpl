{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>iommufd conformance report</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #eee; }
td.pass { background: #dff0d8; }
td.exp { background: #e8f0fb; }
td.unverified { background: #fff3cd; }
td.skip { background: #f3f3f3; }
td.xfail { background: #efe6f7; }
td.xpass { background: #ffe0b3; }
td.fail, td.never, td.error { background: #f8d7da; font-weight: bold; }
td.empty { color: #888; }
pre { background: #f7f7f7; border: 1px solid #ddd; padding: 0.5em; white-space: pre-wrap;
      overflow-wrap: anywhere; }
code { overflow-wrap: anywhere; }
.verdict { font-weight: bold; }
</style>
</head>
<body>
<h1>iommufd conformance report</h1>
{{#SUMMARY}}
<h2 id="summary">Summary</h2>
<pre id="summary-text">{{TEXT:pre_escape}}</pre>
{{/SUMMARY}}

<h2 id="what-ran">What ran</h2>
<table id="run-info">
<tr><th>project commit</th><td><code>{{COMMIT}}</code></td></tr>
<tr><th>command</th><td><code>{{COMMAND}}</code></td></tr>
<tr><th>written</th><td>{{GENERATED}}</td></tr>
</table>
<table id="configurations">
<tr><th>configuration</th><th>target</th><th>arch</th><th>platform</th><th>kernel</th><th>cases</th><th>status</th></tr>
{{#CONFIG}}<tr><td>{{NAME}}</td><td>{{TARGET}}</td><td>{{ARCH}}</td><td>{{PLATFORM}}</td><td>{{KERNEL}}</td><td>{{CASES}}</td><td class="{{STATUS_CLASS}}">{{STATUS}}</td></tr>
{{/CONFIG}}</table>

<h2 id="matrix">uAPI areas by platform</h2>
<p>Cells count cases per uAPI area (one suite source file each): pass; exp = passed with a
divergence the manifest (reference/divergences.txt) accepts; unverified = no assertion failed,
but some calls were not compared, so the case proves nothing about them; skip = a stated
precondition was missing; FAIL.</p>
{{#GROUP}}<h3>{{TITLE}}</h3>
<table class="matrix" data-group="{{TITLE}}">
<thead><tr><th>area</th>{{#COLUMN}}<th class="platform" data-config="{{CONFIG_NAME}}">{{ARCH}} {{PLATFORM}}</th>{{/COLUMN}}</tr></thead>
<tbody>
{{#ROW}}<tr><td>{{AREA}}</td>{{#CELL}}<td class="{{CLASS}}">{{TEXT}}</td>{{/CELL}}</tr>
{{/ROW}}<tr><th>configuration</th>{{#COLUMN}}<td class="{{STATE_CLASS}}">{{STATE}}</td>{{/COLUMN}}</tr>
</tbody>
</table>
{{/GROUP}}

<h2 id="non-passes">Every case that did not plainly pass</h2>
{{#NO_NON_PASS}}<p>Every case of every configuration passed and every call was compared.</p>{{/NO_NON_PASS}}
{{#DETAILS}}<h3>{{CONFIG_NAME}}</h3>
{{#HARNESS_ERROR}}<p class="verdict">harness error</p><pre>{{MESSAGE:pre_escape}}</pre>{{/HARNESS_ERROR}}
<table class="non-passes">
<tr><th>verdict</th><th>case</th><th>area</th><th>reason</th></tr>
{{#ITEM}}<tr><td class="{{CLASS}}">{{VERDICT}}</td><td><code>{{CASE}}</code></td><td>{{AREA}}</td><td><pre>{{REASON:pre_escape}}</pre>{{#DIVERGENCE}}<p>divergence:</p><pre class="divergence">{{REPORT:pre_escape}}</pre>{{/DIVERGENCE}}</td></tr>
{{/ITEM}}</table>
{{/DETAILS}}

<h2 id="uapi-coverage">uAPI call coverage</h2>
<p>Every ioctl and selftest op in the ABI catalog, and how many calls each configuration's
cases made to it (succeeded · failed). <strong>never</strong> marks an entry the
configuration's kernel has that no case called.</p>
<ul>
{{#GAPS}}<li>{{CONFIG_NAME}}: {{TEXT}}</li>
{{/GAPS}}</ul>
{{#FAMILY}}<h3>{{TITLE}}</h3>
<table class="coverage">
<tr><th>entry</th>{{#COLUMN}}<th>{{CONFIG_NAME}}</th>{{/COLUMN}}</tr>
{{#ROW}}<tr><td>{{ENTRY}}</td>{{#CELL}}<td class="{{CLASS}}">{{TEXT}}</td>{{/CELL}}</tr>
{{/ROW}}</table>
{{/FAMILY}}
</body>
</html>
