// The pages about projects: home, the project list, a project, its forms and a PDSA cycle.

extension Templates {
    static let home = #"""
        {{<layout}}
        {{$title}}{{space.name}}{{/title}}
        {{$content}}
        <h1>{{space.name}}</h1>
        <div class="grid">
          <section class="card" aria-labelledby="sync-h">
            <h2 id="sync-h">Sync</h2>
            <p class="big {{syncClass}}">{{syncHeadline}}</p>
            <p>{{syncDetail}}</p>
            <p><a href="/s/{{space.id}}/sync">Sync details</a></p>
          </section>
          <section class="card" aria-labelledby="mine-h">
            <h2 id="mine-h">{{myProjectsTitle}}</h2>
            {{#myProjects_any}}
            <ul class="plain">
              {{#myProjects}}<li><a href="/s/{{space.id}}/projects/{{id}}">{{title}}</a> <span class="badge status-{{status}}">{{status}}</span></li>{{/myProjects}}
            </ul>
            {{/myProjects_any}}
            {{^myProjects_any}}<p>No projects yet. <a href="/s/{{space.id}}/projects/new">Start one</a>.</p>{{/myProjects_any}}
            <p><a class="button" href="/s/{{space.id}}/projects/new">New project</a></p>
          </section>
        </div>
        <section class="card" aria-labelledby="recent-h">
          <h2 id="recent-h">Recent activity</h2>
          {{#recent_any}}
          <ol class="activity">
            {{#recent}}<li><span class="kind">{{kind}}</span> {{#link}}<a href="{{link}}">{{title}}</a>{{/link}}{{^link}}{{title}}{{/link}} <span class="muted">{{when}} · {{who}}</span></li>{{/recent}}
          </ol>
          {{/recent_any}}
          {{^recent_any}}<p>Nothing yet.</p>{{/recent_any}}
        </section>
        {{/content}}
        {{/layout}}
        """#

    static let projects = #"""
        {{<layout}}
        {{$title}}Projects{{/title}}
        {{$content}}
        <div class="heading-row"><h1>Projects</h1><a class="button" href="/s/{{space.id}}/projects/new">New project</a></div>
        <form class="filters card" method="get" action="/s/{{space.id}}/projects" aria-label="Filter projects">
          <div><label for="f-q">Words</label><input id="f-q" name="q" value="{{filter.q}}" type="search"></div>
          <div><label for="f-locality">Locality</label><select id="f-locality" name="locality"><option value="">Any</option>{{#localities}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/localities}}</select></div>
          <div><label for="f-pcn">PCN</label><select id="f-pcn" name="pcn"><option value="">Any</option>{{#pcns}}<option value="{{id}}"{{#selected}} selected{{/selected}}>{{name}}</option>{{/pcns}}</select></div>
          <div><label for="f-theme">Theme</label><select id="f-theme" name="theme"><option value="">Any</option>{{#themes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/themes}}</select></div>
          <div><label for="f-status">Status</label><select id="f-status" name="status"><option value="">Any</option>{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
          <div><label for="f-spread">Spread stage</label><select id="f-spread" name="spread"><option value="">Any</option>{{#stages}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/stages}}</select></div>
          <div class="actions"><button type="submit">Filter</button> <a href="/s/{{space.id}}/projects">Clear</a></div>
        </form>
        <p class="muted" role="status">{{count}} project{{plural}}{{#filtered}} match{{/filtered}}.</p>
        <ul class="cards">
        {{#projects}}
          <li class="card project-card">
            <h2><a href="/s/{{space.id}}/projects/{{id}}">{{title}}</a></h2>
            <p><span class="badge status-{{status}}">{{status}}</span> <span class="badge">{{theme}}</span></p>
            <p class="muted">{{organisations}}</p>
          </li>
        {{/projects}}
        </ul>
        {{#more}}<p class="muted">Showing the first {{shown}}. Narrow the filter to see others.</p>{{/more}}
        {{/content}}
        {{/layout}}
        """#

    static let project = #"""
        {{<layout}}
        {{$title}}{{project.title}}{{/title}}
        {{$content}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/s/{{space.id}}/projects">Projects</a> › <span aria-current="page">{{project.title}}</span></nav>
        <div class="heading-row"><h1>{{project.title}}</h1><a class="button secondary" href="/s/{{space.id}}/projects/{{project.id}}/edit">Edit</a></div>
        <p><span class="badge status-{{project.status}}">{{project.status}}</span> <span class="badge">{{project.theme}}</span> {{#project.startDate}}<span class="muted">since {{project.startDate}}</span>{{/project.startDate}}</p>
        {{#conflicts_any}}<div class="notice" role="note"><strong>Edited at the same time on two nodes:</strong> {{#conflicts}}{{field}}: also “{{values}}”. {{/conflicts}} Edit the project to settle it.</div>{{/conflicts_any}}
        {{#message}}<p class="{{messageClass}}" role="alert">{{message}}</p>{{/message}}
        <div class="grid">
          <section class="card" aria-labelledby="aim-h"><h2 id="aim-h">Aim</h2><p class="prose">{{project.aim}}{{^project.aim}}No aim written yet.{{/project.aim}}</p>
            <h3>Team</h3>
            {{#team_any}}<ul class="plain">{{#team}}<li>{{name}} <span class="muted">{{role}}</span></li>{{/team}}</ul>{{/team_any}}{{^team_any}}<p class="muted">No team listed.</p>{{/team_any}}
            <h3>Organisations</h3>
            {{#organisations_any}}<ul class="plain">{{#organisations}}<li>{{name}} <span class="muted">{{how}}</span></li>{{/organisations}}</ul>{{/organisations_any}}{{^organisations_any}}<p class="muted">None listed.</p>{{/organisations_any}}
            {{#adoptedFrom_any}}<h3>Adopted from</h3><ul class="plain">{{#adoptedFrom}}<li><a href="/s/{{space.id}}/projects/{{id}}">{{title}}</a></li>{{/adoptedFrom}}</ul>{{/adoptedFrom_any}}
          </section>
          <section class="card" aria-labelledby="drivers-h"><h2 id="drivers-h">Driver diagram</h2>
            {{#drivers_any}}
            <ul class="drivers">
              {{#drivers}}<li><span class="driver primary">{{text}}</span>
                {{#children_any}}<ul>{{#children}}<li><span class="driver secondary">{{text}}</span>{{#ideas_any}}<ul>{{#ideas}}<li class="idea">{{title}}</li>{{/ideas}}</ul>{{/ideas_any}}</li>{{/children}}</ul>{{/children_any}}
                {{#ideas_any}}<ul>{{#ideas}}<li class="idea">{{title}}</li>{{/ideas}}</ul>{{/ideas_any}}
              </li>{{/drivers}}
            </ul>
            {{/drivers_any}}
            {{^drivers_any}}<p class="muted">No drivers yet.</p>{{/drivers_any}}
            {{#looseIdeas_any}}<h3>Change ideas</h3><ul class="plain">{{#looseIdeas}}<li class="idea">{{title}}</li>{{/looseIdeas}}</ul>{{/looseIdeas_any}}
          </section>
        </div>
        <section class="card" aria-labelledby="measures-h"><h2 id="measures-h">Measures</h2>
          {{#measures}}
          <article class="measure" id="measure-{{id}}">
            <h3>{{name}} <span class="muted">{{type}} · {{direction}}{{#unit}} · {{unit}}{{/unit}}</span></h3>
            <figure><img class="chart" src="/v1/spaces/{{space.id}}/measures/{{id}}/chart.svg?chart={{chart}}&amp;v={{version}}" alt="{{chartName}} of {{name}}: {{pointCount}} points. {{summaryText}}"><figcaption>
              <p>{{chartName}} · <a href="?chart={{otherChart}}#measure-{{id}}">show as {{otherChartName}}</a></p>
              <ul class="signals">{{#summary}}<li>{{.}}</li>{{/summary}}{{#signals}}<li class="signal">{{sentence}}</li>{{/signals}}</ul>
            </figcaption></figure>
          </article>
          {{/measures}}
          {{^measures}}<p class="muted">No measures yet.</p>{{/measures}}
          {{#measures_any}}
          <details class="form-box"{{#openPoint}} open{{/openPoint}}><summary>Add a data point</summary>
          <form method="post" action="/s/{{space.id}}/projects/{{project.id}}/points" class="stack">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div><label for="p-measure">Measure</label><select id="p-measure" name="measure">{{#measures}}<option value="{{id}}">{{name}}</option>{{/measures}}</select></div>
            {{> field_date_point}}
            <div><label for="p-value">Value</label><input id="p-value" name="value" inputmode="decimal" required{{#errors.value}} aria-invalid="true" aria-describedby="p-value-err"{{/errors.value}}>{{#errors.value}}<p class="field-error" id="p-value-err">{{errors.value}}</p>{{/errors.value}}</div>
            <div><label for="p-annotation">Annotation <span class="muted">(optional)</span></label><input id="p-annotation" name="annotation"{{#errors.annotation}} aria-invalid="true" aria-describedby="p-annotation-err"{{/errors.annotation}}>{{#errors.annotation}}<p class="field-error" id="p-annotation-err">{{errors.annotation}}</p>{{/errors.annotation}}</div>
            {{#openPoint}}{{> override}}{{/openPoint}}
            <button type="submit">Add point</button>
          </form></details>
          {{/measures_any}}
          <details class="form-box"{{#openMeasure}} open{{/openMeasure}}><summary>Add a measure</summary>
          <form method="post" action="/s/{{space.id}}/projects/{{project.id}}/measures" class="stack">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div><label for="m-name">Name</label><input id="m-name" name="name" required value="{{form.name}}"{{#errors.name}} aria-invalid="true" aria-describedby="m-name-err"{{/errors.name}}>{{#errors.name}}<p class="field-error" id="m-name-err">{{errors.name}}</p>{{/errors.name}}</div>
            <div><label for="m-type">Type</label><select id="m-type" name="type">{{#measureTypes}}<option value="{{value}}">{{label}}</option>{{/measureTypes}}</select></div>
            <div><label for="m-direction">Which way is better</label><select id="m-direction" name="direction">{{#directions}}<option value="{{value}}">{{label}}</option>{{/directions}}</select></div>
            <div><label for="m-unit">Unit <span class="muted">(optional, e.g. per month)</span></label><input id="m-unit" name="unit" value="{{form.unit}}"{{#errors.unit}} aria-invalid="true" aria-describedby="m-unit-err"{{/errors.unit}}>{{#errors.unit}}<p class="field-error" id="m-unit-err">{{errors.unit}}</p>{{/errors.unit}}</div>
            <div><label for="m-target">Target <span class="muted">(optional)</span></label><input id="m-target" name="target" inputmode="decimal" value="{{form.target}}"{{#errors.target}} aria-invalid="true" aria-describedby="m-target-err"{{/errors.target}}>{{#errors.target}}<p class="field-error" id="m-target-err">{{errors.target}}</p>{{/errors.target}}</div>
            {{#openMeasure}}{{> override}}{{/openMeasure}}
            <button type="submit">Add measure</button>
          </form></details>
        </section>
        <section class="card" aria-labelledby="pdsa-h"><h2 id="pdsa-h">PDSA cycles</h2>
          {{#cycles_any}}
          <ol class="timeline">
            {{#cycles}}<li><p><strong><a href="/s/{{space.id}}/pdsa/{{id}}">{{title}}</a></strong> <span class="badge status-{{status}}">{{status}}</span>{{#decision}} <span class="badge">decision: {{decision}}</span>{{/decision}}</p>
              <p class="muted">{{#startDate}}{{startDate}}{{/startDate}}{{#endDate}} – {{endDate}}{{/endDate}}{{#changeIdea}} · tests “{{changeIdea}}”{{/changeIdea}}</p>
              {{#objective}}<p>{{objective}}</p>{{/objective}}{{#study}}<p class="muted">Study: {{study}}</p>{{/study}}</li>{{/cycles}}
          </ol>
          {{/cycles_any}}
          {{^cycles_any}}<p class="muted">No PDSA cycles yet.</p>{{/cycles_any}}
          <details class="form-box"{{#openCycle}} open{{/openCycle}}><summary>Add a PDSA cycle</summary>
          <form method="post" action="/s/{{space.id}}/projects/{{project.id}}/pdsa" class="stack">
            <input type="hidden" name="_csrf" value="{{csrf}}">
            <div><label for="c-title">Title</label><input id="c-title" name="title" required value="{{form.title}}"{{#errors.title}} aria-invalid="true" aria-describedby="c-title-err"{{/errors.title}}>{{#errors.title}}<p class="field-error" id="c-title-err">{{errors.title}}</p>{{/errors.title}}</div>
            <div><label for="c-idea">Change idea tested</label><select id="c-idea" name="changeIdea"><option value="">None</option>{{#ideaOptions}}<option value="{{id}}">{{title}}</option>{{/ideaOptions}}</select></div>
            <div><label for="c-status">Status</label><select id="c-status" name="status">{{#pdsaStatuses}}<option value="{{value}}">{{label}}</option>{{/pdsaStatuses}}</select></div>
            <div><label for="c-start">Start date</label><input id="c-start" name="startDate" type="date" value="{{today}}"{{#errors.startDate}} aria-invalid="true" aria-describedby="c-start-err"{{/errors.startDate}}>{{#errors.startDate}}<p class="field-error" id="c-start-err">{{errors.startDate}}</p>{{/errors.startDate}}</div>
            <div><label for="c-objective">Objective</label><textarea id="c-objective" name="objective" rows="2"{{#errors.objective}} aria-invalid="true" aria-describedby="c-objective-err"{{/errors.objective}}>{{form.objective}}</textarea>{{#errors.objective}}<p class="field-error" id="c-objective-err">{{errors.objective}}</p>{{/errors.objective}}</div>
            <div><label for="c-prediction">Prediction</label><textarea id="c-prediction" name="prediction" rows="2"{{#errors.prediction}} aria-invalid="true" aria-describedby="c-prediction-err"{{/errors.prediction}}>{{form.prediction}}</textarea>{{#errors.prediction}}<p class="field-error" id="c-prediction-err">{{errors.prediction}}</p>{{/errors.prediction}}</div>
            {{#openCycle}}{{> override}}{{/openCycle}}
            <button type="submit">Add cycle</button>
          </form></details>
        </section>
        <div class="grid">
          <section class="card" aria-labelledby="notes-h"><h2 id="notes-h">Notes</h2>
            {{#notes_any}}<ul class="plain">{{#notes}}<li><a href="/s/{{space.id}}/notes/{{id}}">{{title}}</a> <span class="muted">{{excerpt}}</span></li>{{/notes}}</ul>{{/notes_any}}
            {{^notes_any}}<p class="muted">No notes yet.</p>{{/notes_any}}
            <form method="post" action="/s/{{space.id}}/projects/{{project.id}}/notes" class="inline-form">
              <input type="hidden" name="_csrf" value="{{csrf}}">
              <label for="n-title">New note title</label><input id="n-title" name="title" required{{#errors.noteTitle}} aria-invalid="true" aria-describedby="n-title-err"{{/errors.noteTitle}}>
              <button type="submit">Create note</button>
              {{#errors.noteTitle}}<p class="field-error" id="n-title-err">{{errors.noteTitle}}</p>{{/errors.noteTitle}}
            </form>
          </section>
          <section class="card" aria-labelledby="spread-h"><h2 id="spread-h">Spread</h2>
            {{#spread_any}}
            <table><caption class="visually-hidden">How far the project has spread to each organisation</caption>
              <thead><tr><th scope="col">Organisation</th><th scope="col">Stage</th><th scope="col">Since</th></tr></thead>
              <tbody>{{#spread}}<tr><th scope="row">{{name}}</th><td><span class="stage stage-{{stage}}">{{stage}}</span> <meter min="0" max="4" value="{{level}}" aria-label="stage {{level}} of 4">{{level}}/4</meter></td><td>{{date}}</td></tr>{{/spread}}</tbody>
            </table>
            {{/spread_any}}
            {{^spread_any}}<p class="muted">Not spread to other organisations yet.</p>{{/spread_any}}
          </section>
        </div>
        <p class="muted"><a href="/v1/spaces/{{space.id}}/documents/{{project.id}}/history">Signed history of this project (JSON)</a></p>
        {{/content}}
        {{/layout}}
        """#

    static let projectForm = #"""
        {{<layout}}
        {{$title}}{{heading}}{{/title}}
        {{$content}}
        <h1>{{heading}}</h1>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="{{action}}" class="card stack">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div><label for="f-title">Title</label><input id="f-title" name="title" required value="{{form.title}}"{{#errors.title}} aria-invalid="true" aria-describedby="f-title-err"{{/errors.title}}>{{#errors.title}}<p class="field-error" id="f-title-err">{{errors.title}}</p>{{/errors.title}}</div>
          <div><label for="f-aim">Aim <span class="muted">(what, by how much, by when)</span></label><textarea id="f-aim" name="aim" rows="4"{{#errors.aim}} aria-invalid="true" aria-describedby="f-aim-err"{{/errors.aim}}>{{form.aim}}</textarea>{{#errors.aim}}<p class="field-error" id="f-aim-err">{{errors.aim}}</p>{{/errors.aim}}</div>
          <div><label for="f-theme">Theme</label><select id="f-theme" name="theme">{{#themes}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/themes}}</select></div>
          <div><label for="f-status">Status</label><select id="f-status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
          <div><label for="f-start">Start date</label><input id="f-start" name="startDate" type="date" value="{{form.startDate}}"{{#errors.startDate}} aria-invalid="true" aria-describedby="f-start-err"{{/errors.startDate}}>{{#errors.startDate}}<p class="field-error" id="f-start-err">{{errors.startDate}}</p>{{/errors.startDate}}</div>
          {{> override}}
          <div class="actions"><button type="submit">Save</button> <a href="{{cancel}}">Cancel</a></div>
        </form>
        {{/content}}
        {{/layout}}
        """#

    static let pdsaForm = #"""
        {{<layout}}
        {{$title}}{{form.title}}{{/title}}
        {{$content}}
        <nav class="crumbs" aria-label="Breadcrumb"><a href="/s/{{space.id}}/projects/{{project.id}}">{{project.title}}</a> › <span aria-current="page">PDSA cycle</span></nav>
        <h1>{{form.title}}</h1>
        <p class="muted">Plan, do, study, act: fill each part as the cycle goes. Parts you leave as they are stay as others last wrote them.</p>
        {{#message}}<p class="error" role="alert">{{message}}</p>{{/message}}
        <form method="post" action="/s/{{space.id}}/pdsa/{{id}}" class="card stack">
          <input type="hidden" name="_csrf" value="{{csrf}}">
          <div><label for="e-title">Title</label><input id="e-title" name="title" required value="{{form.title}}"{{#errors.title}} aria-invalid="true" aria-describedby="e-title-err"{{/errors.title}}>{{#errors.title}}<p class="field-error" id="e-title-err">{{errors.title}}</p>{{/errors.title}}</div>
          <div><label for="e-status">Status</label><select id="e-status" name="status">{{#statuses}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/statuses}}</select></div>
          {{#fields}}
          <div><label for="e-{{name}}">{{label}}</label><textarea id="e-{{name}}" name="{{name}}" rows="3"{{#error}} aria-invalid="true" aria-describedby="e-{{name}}-err"{{/error}}>{{value}}</textarea>{{#error}}<p class="field-error" id="e-{{name}}-err">{{error}}</p>{{/error}}</div>
          {{/fields}}
          <div><label for="e-decision">Decision</label><select id="e-decision" name="decision"><option value="">Not yet</option>{{#decisions}}<option value="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>{{/decisions}}</select></div>
          <div><label for="e-start">Start date</label><input id="e-start" name="startDate" type="date" value="{{form.startDate}}"{{#errors.startDate}} aria-invalid="true" aria-describedby="e-start-err"{{/errors.startDate}}>{{#errors.startDate}}<p class="field-error" id="e-start-err">{{errors.startDate}}</p>{{/errors.startDate}}</div>
          <div><label for="e-end">End date</label><input id="e-end" name="endDate" type="date" value="{{form.endDate}}"{{#errors.endDate}} aria-invalid="true" aria-describedby="e-end-err"{{/errors.endDate}}>{{#errors.endDate}}<p class="field-error" id="e-end-err">{{errors.endDate}}</p>{{/errors.endDate}}</div>
          {{> override}}
          <div class="actions"><button type="submit">Save</button> <a href="/s/{{space.id}}/projects/{{project.id}}">Cancel</a></div>
        </form>
        {{/content}}
        {{/layout}}
        """#
}
