import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { Thread } from "./Thread";
import "./styles.css";

createRoot(document.getElementById("root")!).render(
  <StrictMode>
    <BrowserRouter>
      <Routes>
        <Route path="/thread/:threadId" element={<Thread />} />
        <Route path="*" element={<Navigate to="/thread/demo" replace />} />
      </Routes>
    </BrowserRouter>
  </StrictMode>,
);
