// Draws the overview's stacked bar chart (events per bucket by type) from the JSON the server rendered into the page.
(function () {
    "use strict";
    var canvas = document.getElementById("events-chart");
    var source = document.getElementById("events-chart-data");
    if (!canvas || !source || typeof Chart === "undefined") {
        return;
    }

    var data = JSON.parse(source.textContent);
    var colours = {
        Send: "#0b57d0", Delivery: "#15803d", Open: "#7c3aed", Click: "#0e7490", Bounce: "#b91c1c",
        Complaint: "#c2410c", DeliveryDelay: "#a16207", Reject: "#6b21a8", RenderingFailure: "#9f1239", Subscription: "#475569"
    };
    new Chart(canvas, {
        type: "bar",
        data: {
            labels: data.labels,
            datasets: data.datasets.map(function (d) {
                return { label: d.label, data: d.data, backgroundColor: colours[d.type] || "#64748b", stack: "events" };
            })
        },
        options: {
            responsive: true,
            maintainAspectRatio: false,
            animation: false,
            scales: {
                x: { stacked: true, grid: { display: false } },
                y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
            },
            plugins: { legend: { position: "bottom" } }
        }
    });
    canvas.setAttribute("data-rendered", "true");
})();
