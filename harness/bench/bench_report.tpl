{{%AUTOESCAPE context="HTML"}}<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>iommufd map/unmap benchmarks</title>
<style>
body { font-family: sans-serif; margin: 1.5em; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5em; }
th, td { border: 1px solid #bbb; padding: 0.25em 0.6em; text-align: left; }
th { background: #eee; }
figure { display: inline-block; margin: 0 1em 1em 0; }
</style>
</head>
<body>
<table id="run-info">
<tr><th>project commit</th><td><code>{{COMMIT}}</code></td></tr>
<tr><th>command</th><td><code>{{COMMAND}}</code></td></tr>
<tr><th>written</th><td>{{GENERATED}}</td></tr>
</table>
<div id="report">
{{BODY:none}}
</div>
<h2 id="plots">Plots</h2>
{{#PLOT}}<figure>{{SVG:none}}<figcaption>{{NAME}}</figcaption></figure>
{{/PLOT}}
</body>
</html>
